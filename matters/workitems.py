"""What applications put on a user's 工作台 list (servicecenter.workqueue)."""

from django.urls import reverse

from servicecenter.roles import CLERK, HANDLER, LEADER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url, rows

from . import queries
from .models.choices import State

CATEGORY = "办件"


# What the window does next in each of its states (the 待办 column).
WINDOW_TODO = {State.RECEIVED: "待受理", State.CORRECTION: "待补正收件",
               State.DECIDED: "待办结告知", State.NOTIFIED: "待送达"}
DEPARTMENT_TODO = {State.ACCEPTED: "待承办"}


def _items(qs, reason, approval=False, by_state=None):
    by_state = by_state or {}
    return [WorkItem(CATEGORY, a.number, a.item__name, a.state_label,
                     by_state.get(a.state, reason),
                     record_url("matters:detail", a.pk), a.due, approval)
            for a in rows(qs, "number", "item__name")]


def _extensions(user):
    return [WorkItem("办件延期", e.application.number, e.reason[:40], "待审批",
                     "延期待审批",
                     reverse("matters:detail", args=[e.application_id]),
                     e.application.promised_due_at, True)
            for e in queries.pending_extensions(user)[:PER_PROVIDER_LIMIT]]


def application_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, CLERK):
        items += _items(queries.window_queue(user), "待办理", by_state=WINDOW_TODO)
    if has_role(user, HANDLER):
        items += _items(queries.department_queue(user), "办理中",
                        by_state=DEPARTMENT_TODO)
    items += _items(queries.review_queue(user), "待审核", approval=True)
    if has_role(user, LEADER):
        items += _extensions(user)
    return items
