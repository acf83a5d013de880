"""What service tickets and difficult cases put on a user's 工作台 list."""

from django.db.models import Q
from django.urls import reverse

from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem

from ..models import DifficultCase, ServiceTicket
from .queries import my_tasks

S = ServiceTicket.State


def _tickets(qs, reason):
    qs = qs.select_related("party").order_by("due_at", "id")[:PER_PROVIDER_LIMIT]
    return [WorkItem("服务单", t.number, t.problem, t.get_state_display(), reason,
                     reverse("tickets:detail", args=[t.pk]), t.due_at) for t in qs]


def ticket_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, CLERK, MANAGER):
        items += _tickets(ServiceTicket.objects.filter(state=S.NEW), "待派工")
        items += _tickets(ServiceTicket.objects.filter(state=S.RESOLVED), "待完结")
    if has_role(user, ENGINEER):
        items += _tickets(my_tasks(user), "我的任务")
    cases = DifficultCase.objects.filter(
        Q(handler=user, state__in=["in_progress", "opened"]) | Q(escalated_to=user,
                                                                state="escalated"))
    if has_role(user, MANAGER):
        cases = cases | DifficultCase.objects.filter(state="proposed")
    for case in cases.order_by("id")[:PER_PROVIDER_LIMIT]:
        approval = case.state in ("proposed", "escalated")
        items.append(WorkItem("疑难案件", case.number, case.title,
                              case.get_state_display(), "待确认" if approval else "待处理",
                              reverse("tickets:case_detail", args=[case.pk]), None,
                              approval))
    return items
