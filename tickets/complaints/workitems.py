"""What complaints and follow-up calls put on a user's 工作台 list."""

from django.utils import timezone

from servicecenter.roles import CLERK, MANAGER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url

from ..models import Complaint, Revisit

C = Complaint.State


def _complaints(qs, reason, approval=False, delegable=False):
    qs = qs.order_by("due_at", "id")[:PER_PROVIDER_LIMIT]
    return [WorkItem("投诉", c.number, c.content[:40], c.get_state_display(), reason,
                     record_url("tickets:complaint_detail", c.pk), c.clock.due(c),
                     approval, delegable)
            for c in qs]


def complaint_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, MANAGER):
        items += _complaints(Complaint.objects.filter(state=C.REGISTERED),
                             "待受理", True)
    items += _complaints(Complaint.objects.filter(state=C.ACCEPTED, responsible=user),
                         "待处理", delegable=True)
    if has_role(user, CLERK):
        items += _complaints(Complaint.objects.filter(state=C.HANDLED), "待上报")
        calls = (Revisit.objects.filter(state=Revisit.State.SCHEDULED,
                                        window_start__lte=timezone.localdate())
                 .select_related("party")
                 .order_by("window_end", "id")[:PER_PROVIDER_LIMIT])
        items += [WorkItem("回访", r.number, r.party.name, r.get_state_display(),
                           "待回访", record_url("tickets:revisit_call", r.pk),
                           r.clock.due(r)) for r in calls]
    return items
