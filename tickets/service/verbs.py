"""The service ticket's and the difficult case's verbs
(``servicecenter.transition_views``), for the window and the tablet pages; the admin
actions call the same services. ``tickets/<pk>/close/`` is named ``tickets:close``
(the tablet: ``tickets/<pk>/tablet/close/``, ``tickets:tablet_close``), a case's
``tickets/cases/<pk>/open/`` is named ``tickets:case_open``."""

from servicecenter.transition_views import Verb, verb_table

from . import cases, forms, services
from . import permissions as p

TICKET_VERBS = verb_table(
    Verb("assign", forms.AssignForm, services.assign_ticket, p.can_assign_ticket,
         help="上门服务须填写预约时间。列表按工程师在办数量排序。"),
    Verb("reassign", forms.ReassignForm, services.reassign_ticket,
         p.can_reassign_ticket),
    Verb("start", forms.StartForm, services.start_ticket, p.can_start_ticket),
    Verb("convert_to_onsite", forms.ConvertForm, services.convert_to_onsite,
         p.can_convert_to_onsite_ticket),
    Verb("wait_for_parts", forms.PartsForm, services.wait_for_parts,
         p.can_wait_for_parts_ticket, help="等待备件期间计时暂停。"),
    Verb("parts_arrived", forms.PartsArrivedForm, services.parts_arrived,
         p.can_parts_arrived_ticket),
    Verb("escalate", forms.ReasonForm, services.escalate_ticket, p.can_escalate_ticket,
         help="将提请疑难案件；升级期间计时暂停。"),
    Verb("resolve", forms.ResolveForm, services.resolve_ticket, p.can_resolve_ticket),
    Verb("reopen", forms.ReasonForm, services.reopen_ticket, p.can_reopen_ticket),
    Verb("close", forms.CloseForm, services.close_ticket, p.can_close_ticket),
    Verb("cancel", forms.ReasonForm, services.cancel_ticket, p.can_cancel_ticket),
)

CASE_VERBS = verb_table(
    Verb("open", forms.CaseOpenForm, cases.open_case, p.can_open_difficultcase),
    Verb("decline", forms.CaseNoteForm, cases.decline_case,
         p.can_decline_difficultcase),
    Verb("assign", forms.CaseAssignForm, cases.assign_case, p.can_assign_difficultcase),
    Verb("escalate", forms.CaseEscalateForm, cases.escalate_case,
         p.can_escalate_difficultcase),
    Verb("decide", forms.CaseDecideForm, cases.decide_case, p.can_decide_difficultcase),
    Verb("resolve", forms.CaseResolveForm, cases.resolve_case,
         p.can_resolve_difficultcase),
    Verb("archive", forms.CaseNoteForm, cases.archive_case,
         p.can_archive_difficultcase),
)
