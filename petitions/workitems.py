"""What petitions put on a user's 工作台 list (servicecenter.workqueue)."""


from servicecenter.roles import CLERK, HANDLER, LEADER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url, rows

from . import queries
from .models.choices import Category, State


def _items(qs, reason, approval=False, user=None):
    return [WorkItem("信访", p.number, p.subject, p.state_label, reason,
                     record_url("petitions:detail", p.pk), p.due, approval,
                     delegable=_own(p, user))
            for p in rows(qs, "number", "subject", "handler_id", "category")]


def _own(petition, user) -> bool:
    """The handler's own (not a 揭发控告): their stand-in takes it over (AB角)."""
    return (user is not None and petition.handler_id == user.pk
            and petition.category != Category.ACCUSATION)


def petition_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, LEADER):
        items += _items(queries.approval_queue(user), "待审批", approval=True)
        items += [WorkItem("延期申请", e.petition.number, e.reason[:40], "待审批",
                           "延期待审批",
                           record_url("petitions:detail", e.petition_id),
                           e.petition.due_at, True)
                  for e in queries.pending_extensions(user)[:PER_PROVIDER_LIMIT]]
    if has_role(user, HANDLER):
        items += _items(queries.department_queue(user), "待签收/办理", user=user)
    if has_role(user, CLERK):
        items += _items(queries.visible_to(user).filter(state=State.RESULT_REPORTED),
                        "待答复")
        reviews = (State.UNDER_REVIEW, State.UNDER_RE_REVIEW)
        items += _items(queries.visible_to(user).filter(state__in=reviews),
                        "待录入复查/复核意见")
    return items
