"""Which form and which service each transition verb uses, for every surface (window
pages, tablet pages); the admin actions call the same services."""

from dataclasses import dataclass
from typing import Callable

from . import cases, forms, services


@dataclass(frozen=True)
class Action:
    form: type
    run: Callable  # (record, user, **cleaned_data) -> record
    help: str = ""


TICKET_ACTIONS = {
    "assign": Action(forms.AssignForm, services.assign_ticket,
                     "上门服务须填写预约时间。列表按工程师在办数量排序。"),
    "reassign": Action(forms.ReassignForm, services.reassign_ticket),
    "start": Action(forms.StartForm, services.start_ticket),
    "convert_to_onsite": Action(forms.ConvertForm, services.convert_to_onsite),
    "wait_for_parts": Action(forms.PartsForm, services.wait_for_parts,
                             "等待备件期间计时暂停。"),
    "parts_arrived": Action(forms.PartsArrivedForm, services.parts_arrived),
    "escalate": Action(forms.ReasonForm, lambda t, u, **kw: services.escalate_ticket(
        t, u, **kw)[0], "将提请疑难案件；升级期间计时暂停。"),
    "resolve": Action(forms.ResolveForm, services.resolve_ticket),
    "reopen": Action(forms.ReasonForm, services.reopen_ticket),
    "close": Action(forms.CloseForm, services.close_ticket),
    "cancel": Action(forms.ReasonForm, services.cancel_ticket),
}

CASE_ACTIONS = {
    "open": Action(forms.CaseOpenForm, cases.open_case),
    "decline": Action(forms.CaseNoteForm, cases.decline_case),
    "assign": Action(forms.CaseAssignForm, cases.assign_case),
    "escalate": Action(forms.CaseEscalateForm, cases.escalate_case),
    "decide": Action(forms.CaseDecideForm, cases.decide_case),
    "resolve": Action(forms.CaseResolveForm, cases.resolve_case),
    "archive": Action(forms.CaseNoteForm, cases.archive_case),
}
