"""What applications put on a user's 工作台 list (servicecenter.workqueue)."""

from django.urls import reverse

from servicecenter.roles import CLERK, HANDLER, LEADER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url, rows_of

from . import queries
from .models.choices import State

CATEGORY = "办件"


# What the window does next in each of its states (the 待办 column).
WINDOW_TODO = {State.RECEIVED: "待受理", State.CORRECTION: "待补正收件",
               State.DECIDED: "待办结告知", State.NOTIFIED: "待送达"}
DEPARTMENT_TODO = {State.ACCEPTED: "待承办"}


def _items(lists) -> list[WorkItem]:
    """``lists``: (queryset, reason, approval, the 待办 by state) each, read in one
    query."""
    found = rows_of([qs for qs, *_ in lists], "number", "item__name")
    return [WorkItem(CATEGORY, a.number, a.item__name, a.state_label,
                     by_state.get(a.state, reason),
                     record_url("matters:detail", a.pk), a.due, approval)
            for (_, reason, approval, by_state), applications
            in zip(lists, found, strict=True)
            for a in applications]


def _extensions(user):
    return [WorkItem("办件延期", e.application.number, e.reason[:40], "待审批",
                     "延期待审批",
                     reverse("matters:detail", args=[e.application_id]),
                     e.application.promised_due_at, True)
            for e in queries.pending_extensions(user)[:PER_PROVIDER_LIMIT]]


def application_work_items(user) -> list[WorkItem]:
    lists = []
    if has_role(user, CLERK):
        lists.append((queries.window_queue(user), "待办理", False, WINDOW_TODO))
    if has_role(user, HANDLER):
        lists.append((queries.department_queue(user), "办理中", False,
                      DEPARTMENT_TODO))
    lists.append((queries.review_queue(user), "待审核", True, {}))
    items = _items(lists)
    if has_role(user, LEADER):
        items += _extensions(user)
    return items
