"""Difficult-case (疑难案件) use cases. A case links to any source record; when it is
settled (resolved or declined) an escalated service ticket resumes."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from servicecenter.numbering import next_number
from servicecenter.transitions import TransitionRefused, create_record, run_transition
from tickets.models import CaseEscalation, DifficultCase, ServiceTicket

from . import permissions as perms


def propose_case(source, user, *, title, reason, criteria=()) -> DifficultCase:
    """提请: a clerk, engineer or manager puts a service event forward for checking."""
    if not perms.can_propose_difficultcase(user):
        raise TransitionRefused("您没有权限提请疑难案件。")
    if not (title and reason):
        raise TransitionRefused("请填写案件标题和提请理由。")
    case = DifficultCase(title=title[:120], reason=reason, proposed_by=user)
    if source is not None:
        case.source_type = ContentType.objects.get_for_model(source)
        case.source_id = source.pk
        case.source_number = getattr(source, "number", "") or str(source.pk)
    with transaction.atomic():
        case.number = next_number("YN")
        create_record(case, user, name="propose", remark=reason)
        if criteria:
            case.criteria.set(criteria)
    return case


def _resume_source(case, remark):
    source = case.source
    if isinstance(source, ServiceTicket) and source.state == ServiceTicket.State.ESCALATED:
        from .services import resume_ticket

        resume_ticket(source, remark=remark)


def open_case(case, user, *, criteria, note="", expected_state=None):
    """立案: the head confirms which criteria the case meets."""
    with transaction.atomic():
        case = run_transition(case, "open", user, note, expected_state=expected_state,
                              criteria_count=len(criteria), note=note)
        case.criteria.set(criteria)
    return case


def decline_case(case, user, *, note, expected_state=None):
    with transaction.atomic():
        case = run_transition(case, "decline", user, note, expected_state=expected_state,
                              note=note)
        _resume_source(case, f"疑难案件 {case.number} 不予立案：{note}")
    return case


def assign_case(case, user, *, handler, earlier_records="", expected_state=None):
    return run_transition(case, "assign", user, earlier_records,
                          expected_state=expected_state, handler=handler,
                          earlier_records=earlier_records)


def escalate_case(case, user, *, to_user, request, expected_state=None):
    """请示: the next level up is asked for a decision (at most three levels)."""
    with transaction.atomic():
        case = run_transition(case, "escalate", user, request,
                              expected_state=expected_state, to_user=to_user,
                              request=request)
        CaseEscalation.objects.create(case=case, level=case.level, requested_by=user,
                                      to_user=to_user, request=request)
    return case


def decide_case(case, user, *, decision, expected_state=None):
    with transaction.atomic():
        case = run_transition(case, "decide", user, decision,
                              expected_state=expected_state, decision=decision)
        case.escalations.filter(decided_at=None).update(
            decision=decision, decided_by=user, decided_at=timezone.now())
    return case


def resolve_case(case, user, *, resolution, expected_state=None):
    """已解决: and the source ticket resumes, in the same transaction."""
    with transaction.atomic():
        case = run_transition(case, "resolve", user, resolution,
                              expected_state=expected_state, resolution=resolution)
        _resume_source(case, f"疑难案件 {case.number} 已解决：{resolution}")
    return case


def archive_case(case, user, *, note, expected_state=None):
    return run_transition(case, "archive", user, note, expected_state=expected_state,
                          note=note)


def case_for(user, pk) -> DifficultCase:
    case = DifficultCase.objects.select_related(
        "handler", "proposed_by", "escalated_to", "source_type").get(pk=pk)
    if not perms.can_view_difficultcase(user, case):
        raise PermissionDenied
    return case
