"""What appointments put on a user's 工作台 (servicecenter.workqueue): the window's
booked appointments of today, and for leaders the 绿色通道 bookings to approve."""

from django.utils import timezone

from servicecenter.roles import CLERK, LEADER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url, rows

from . import queries

CATEGORY = "预约"


def _summary(a) -> str:
    return f"{timezone.localtime(a.starts_at):%H:%M} {a.party__name}：{a.item__name}"


def appointment_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, CLERK):
        items += [WorkItem(CATEGORY, a.number, _summary(a), a.state_label,
                           "今日预约", record_url("matters:appointment", a.pk),
                           a.starts_at)
                  for a in rows(queries.window_today(user), "number", "starts_at",
                                "party__name", "item__name", order=None)]
    if has_role(user, LEADER):
        items += [WorkItem("绿色通道预约", a.number,
                           f"{timezone.localtime(a.starts_at):%m-%d %H:%M} "
                           f"{a.item.name}", a.get_state_display(), "绿色通道待批准",
                           record_url("matters:appointment", a.pk), a.starts_at, True)
                  for a in queries.pending_green(user)[:PER_PROVIDER_LIMIT]]
    return items
