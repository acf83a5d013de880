"""What service tickets and difficult cases put on a user's 工作台 list."""

from django.db.models import Q

from servicecenter.roles import ENGINEER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url, rows_of

from ..models import DifficultCase, ServiceTicket
from . import permissions as perms
from .queries import my_tasks

S = ServiceTicket.State
C = DifficultCase.State


def _tickets(lists) -> list[WorkItem]:
    """``lists``: (queryset, reason, delegable, due) each, read in one query;
    ``due``: the field the clock reads in these tickets' state (nearest first)."""
    if not lists:
        return []
    found = rows_of([qs for qs, *_ in lists], "number", "problem",
                    orders=[(due, "id") for *_, due in lists])
    return [WorkItem("服务单", t.number, t.problem, t.state_label, reason,
                     record_url("tickets:detail", t.pk), t.due, delegable=delegable)
            for (_, reason, delegable, _due), tickets in zip(lists, found, strict=True)
            for t in tickets]


def ticket_work_items(user) -> list[WorkItem]:
    """Each list follows the permission to act on it, so nobody is shown work they
    cannot do and no step waits on nobody's list."""
    lists = []
    if perms.can_assign_ticket(user):
        lists.append((ServiceTicket.objects.filter(state=S.NEW), "待派工", False,
                      "due_at"))
    if perms.can_close_ticket(user):
        lists.append((ServiceTicket.objects.filter(state=S.RESOLVED), "待完结", False,
                      ServiceTicket.clock.due_of(S.RESOLVED)))
    if has_role(user, ENGINEER):
        lists.append((my_tasks(user), "我的任务", True, "due_at"))
    items = _tickets(lists)
    cases = DifficultCase.objects.filter(
        Q(handler=user, state=C.IN_PROGRESS) | Q(escalated_to=user, state=C.ESCALATED))
    if perms.can_open_difficultcase(user):  # confirm proposed cases
        cases = cases | DifficultCase.objects.filter(state=C.PROPOSED)
    if perms.can_assign_difficultcase(user):  # name a handler for opened cases
        cases = cases | DifficultCase.objects.filter(state=C.OPENED)
    for case in cases.order_by("id")[:PER_PROVIDER_LIMIT]:
        approval = case.state in (C.PROPOSED, C.ESCALATED)
        reason = "待指定负责人" if case.state == C.OPENED else (
            "待确认" if approval else "待处理")
        items.append(WorkItem("疑难案件", case.number, case.title,
                              case.get_state_display(), reason,
                              record_url("tickets:case_detail", case.pk), None,
                              approval, delegable=user.pk in (
                                  case.handler_id, case.escalated_to_id)))
    return items
