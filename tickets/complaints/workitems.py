"""What complaints and follow-up calls put on a user's 工作台 list."""

from django.utils import timezone

from servicecenter.roles import CLERK, MANAGER, has_role
from servicecenter.workqueue import (
    WorkItem,
    record_url,
    rows,
    rows_of,
)

from ..models import Complaint, Revisit

C = Complaint.State


def _complaints(lists) -> list[WorkItem]:
    """``lists``: (queryset, reason, approval, delegable) each, read in one query."""
    found = rows_of([qs for qs, *_ in lists], "number", "content")
    return [WorkItem("投诉", c.number, c.content[:40], c.state_label, reason,
                     record_url("tickets:complaint_detail", c.pk), c.due,
                     approval, delegable)
            for (_, reason, approval, delegable), complaints
            in zip(lists, found, strict=True)
            for c in complaints]


def complaint_work_items(user) -> list[WorkItem]:
    lists = []
    if has_role(user, MANAGER):
        lists.append((Complaint.objects.filter(state=C.REGISTERED), "待受理", True,
                      False))
    lists.append((Complaint.objects.filter(state=C.ACCEPTED, responsible=user),
                  "待处理", False, True))
    if has_role(user, CLERK):
        lists.append((Complaint.objects.filter(state=C.HANDLED), "待上报", False,
                      False))
    items = _complaints(lists)
    if has_role(user, CLERK):
        calls = Revisit.objects.filter(state=Revisit.State.SCHEDULED,
                                       window_start__lte=timezone.localdate())
        items += [WorkItem("回访", r.number, r.party__name, r.state_label,
                           "待回访", record_url("tickets:revisit_call", r.pk), r.due)
                  for r in rows(calls, "number", "party__name",
                                order=("window_end", "id"))]
    return items
