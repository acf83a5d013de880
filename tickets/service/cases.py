"""Difficult-case (疑难案件) use cases. A case links to any source record; when it is
settled (resolved or declined) an escalated service ticket resumes."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from servicecenter.handoff import handoff_notice
from servicecenter.numbering import next_number
from servicecenter.transitions import (
    TransitionRefused,
    create_record,
    refuse_unless,
    run_transition,
)
from tickets.models import CaseEscalation, DifficultCase, ServiceTicket

from . import permissions as perms
from .case_levels import handler_candidates, level_label, next_level

CASE_URL = "tickets:case_detail"


def _confirmers(case) -> list:
    """Who decides whether a proposed case is opened: department heads, managers."""
    from django.contrib.auth import get_user_model

    from servicecenter.roles import MANAGER

    return list(get_user_model().objects.filter(is_active=True).filter(
        Q(groups__name=MANAGER) | Q(headed_departments__isnull=False)).distinct())


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
        create_record(case, user, name="propose", remark=reason,
                      after_commit=[handoff_notice(
                          "propose", _confirmers,
                          lambda c: f"疑难案件{c.number}待您确认是否立案",
                          url_name=CASE_URL, body=lambda c: reason[:200])])
        if criteria:
            case.criteria.set(criteria)
    return case


def _resume_source(case, remark):
    source = case.source
    if (isinstance(source, ServiceTicket)
            and source.state == ServiceTicket.State.ESCALATED):
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
        case = run_transition(case, "decline", user, note,
                              expected_state=expected_state,
                              note=note)
        _resume_source(case, f"疑难案件 {case.number} 不予立案：{note}")
    return case


def assign_case(case, user, *, handler, earlier_records="", expected_state=None):
    """指定负责人: an engineer or a department handler (``handler_candidates``)."""
    refuse_unless(handler is None
                  or handler_candidates().filter(pk=handler.pk).exists(),
                  "负责人须为在岗的服务工程师或科室经办人。")
    told = handoff_notice("assign", lambda c: [c.handler],
                          lambda c: f"疑难案件{c.number}由您负责：{c.title[:40]}",
                          url_name=CASE_URL)
    return run_transition(case, "assign", user, earlier_records,
                          expected_state=expected_state, handler=handler,
                          after_commit=[told],
                          earlier_records=earlier_records)


def escalate_case(case, user, *, to_user, request, expected_state=None):
    """请示: a person of the next level up (2 the department head, 3 a leader) is
    asked for a decision; never the person asking."""
    refuse_unless(perms.can_escalate_difficultcase(user, case),
                  "您没有权限执行「向上级请示」。")
    level, people = next_level(case, user)
    if level is not None and to_user is not None:
        refuse_unless(people.filter(pk=to_user.pk).exists(),
                      f"请示对象须为第 {level} 级（{level_label(level)}）人员，"
                      "且不能是您本人。")
    refuse_unless(level is not None or case.level >= case.MAX_LEVEL,
                  "没有可请示的上一级人员：请先设置科室负责人或所领导。")
    with transaction.atomic():
        told = handoff_notice("escalate", lambda c: [c.escalated_to],
                              lambda c: f"疑难案件{c.number}向您请示，待您决定",
                              url_name=CASE_URL, body=lambda c: request[:200])
        case = run_transition(case, "escalate", user, request,
                              expected_state=expected_state, to_user=to_user,
                              after_commit=[told],
                              request=request, level=level or case.level + 1)
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
