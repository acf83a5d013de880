"""What levels put on a user's 工作台: the 村代办员's applications to send to town,
the town clerk's incoming from the villages, the county's decisions to record and
the phone chases due."""

from django.db.models import Q
from django.utils import timezone

from servicecenter.roles import CLERK, VILLAGE, has_role
from servicecenter.workqueue import WorkItem, record_url, rows_of

from .models import Application, State

CATEGORY = "办件"


def _items(lists) -> list[WorkItem]:
    """``lists``: (queryset, reason) each, read in one query."""
    found = rows_of([qs for qs, _ in lists], "number", "item__name", "due_at")
    return [WorkItem(CATEGORY, a.number, a.item__name, a.state_label, reason,
                     record_url("matters:detail", a.pk), a.due_at)
            for (_, reason), applications in zip(lists, found, strict=True)
            for a in applications]


def village_queue(user):
    """Still at the village: those this person took (the clock's responsible) and,
    for a 村代办员, every one of their village."""
    mine = Q(first_receiver=user)
    if has_role(user, VILLAGE):
        mine |= Q(village__in=user.villages.filter(is_active=True))
    return Application.objects.filter(mine, state=State.VILLAGE)


def incoming_queue():
    """The town's: sent to town by the villages, to 接收."""
    return Application.objects.filter(state=State.TO_TOWN)


def county_queue(user, chase_due=None):
    """The town clerk's applications at the county; ``chase_due``: only those whose
    next phone chase is today or earlier (True) or not (False)."""
    qs = Application.objects.filter(state=State.COUNTY, first_receiver=user)
    if chase_due is None:
        return qs
    due = Q(levels__closed_at__isnull=True,
            levels__next_chase_on__lte=timezone.localdate())
    return qs.filter(due) if chase_due else qs.exclude(due)


def work_items(user) -> list[WorkItem]:
    lists = [(village_queue(user), "待送镇受理")]
    if has_role(user, CLERK):
        lists.append((incoming_queue(), "村级来件待接收"))
    # at the county: the town's person who answers for it (its first receiver)
    lists += [(county_queue(user, chase_due=True), "县级审批待电话催办"),
              (county_queue(user, chase_due=False), "县级审批中·待登记结果")]
    return _items(lists)
