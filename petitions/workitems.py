"""What petitions put on a user's 工作台 list (servicecenter.workqueue)."""


from servicecenter.roles import CLERK, HANDLER, LEADER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url, rows_of

from . import queries
from .models.choices import Category, State


def _items(lists) -> list[list[WorkItem]]:
    """The items of each of ``lists`` ((queryset, reason, approval, user) each),
    read in one query."""
    if not lists:
        return []
    found = rows_of([qs for qs, *_ in lists], "number", "subject", "handler_id",
                    "category")
    return [[WorkItem("信访", p.number, p.subject, p.state_label, reason,
                      record_url("petitions:detail", p.pk), p.due, approval,
                      delegable=_own(p, user)) for p in petitions]
            for (_, reason, approval, user), petitions
            in zip(lists, found, strict=True)]


def _own(petition, user) -> bool:
    """The handler's own (not a 揭发控告): their stand-in takes it over (AB角)."""
    return (user is not None and petition.handler_id == user.pk
            and petition.category != Category.ACCUSATION)


def petition_work_items(user) -> list[WorkItem]:
    lists, extensions = [], []
    if has_role(user, LEADER):
        lists.append((queries.approval_queue(user), "待审批", True, None))
        extensions = [WorkItem("延期申请", e.petition.number, e.reason[:40], "待审批",
                               "延期待审批",
                               record_url("petitions:detail", e.petition_id),
                               e.petition.due_at, True)
                      for e in queries.pending_extensions(user)[:PER_PROVIDER_LIMIT]]
    if has_role(user, HANDLER):
        lists.append((queries.department_queue(user), "待签收/办理", False, user))
    if has_role(user, CLERK):
        mine = queries.visible_to(user)
        reviews = (State.UNDER_REVIEW, State.UNDER_RE_REVIEW)
        lists += [(mine.filter(state=State.RESULT_REPORTED), "待答复", False, None),
                  (mine.filter(state__in=reviews), "待录入复查/复核意见", False, None)]
    per_list = _items(lists)
    if has_role(user, LEADER):  # the approvals, then the extensions, then the rest
        per_list.insert(1, extensions)
    return [item for items in per_list for item in items]
