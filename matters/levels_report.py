"""The accountability report's levels table: for each level (村级, 镇级, 县（区）级)
the stages that ended in the month, the working days they took against their limit,
and how many ran past it; the stages still open past their limit are counted too."""

import datetime

from django.db.models import Q
from django.utils import timezone

from servicecenter import workdays
from servicecenter.registry import ReportSection

from .models import ApplicationStage, Level

COLUMNS = ("结束环节数", "平均用时（工作日）", "平均时限（工作日）", "超本级时限",
           "在办超期")
NOTE = ("按层级环节结束（送出或县级批复登记）时间计入当月；用时按工作日历计算，自本级"
        "接收之日至结束之日。在办超期：至月末尚未结束且已过本级期限的环节。")


def _working_days(received, closed) -> int:
    return workdays.workdays_between(timezone.localdate(received),
                                     timezone.localdate(closed))


def _moment(day) -> datetime.datetime:
    """The report's bounds are days (or moments): midnight, in the centre's zone."""
    if isinstance(day, datetime.datetime):
        return day if timezone.is_aware(day) else timezone.make_aware(day)
    return datetime.datetime.combine(day, datetime.time(),
                                     timezone.get_current_timezone())


def level_sections(start, end) -> list[ReportSection]:
    """One query: the stages that ended in the month and those open past their limit
    at its end; the working days are counted on the (cached) calendar."""
    start, end = _moment(start), _moment(end)
    rows_db = list(ApplicationStage.objects.filter(
        Q(closed_at__gte=start, closed_at__lt=end)
        | ((Q(closed_at__isnull=True) | Q(closed_at__gte=end))
           & Q(due_at__lt=end)), received_at__lt=end).values_list(
        "level", "received_at", "closed_at", "limit_days", "due_at"))
    if not rows_db:
        return []
    rows, total = [], [0, 0, 0, 0]
    for level in Level:
        mine = [r for r in rows_db if r[0] == level]
        ended = [r for r in mine if r[2] and start <= r[2] < end]
        open_late = len(mine) - len(ended)
        late = sum(1 for r in ended if r[4] and r[2] > r[4])
        taken = sum(_working_days(r[1], r[2]) for r in ended)
        limits = sum(r[3] for r in ended)
        n = len(ended)
        rows.append((level.label, [n, round(taken / n, 1) if n else "—",
                                   round(limits / n, 1) if n else "—", late,
                                   open_late]))
        total = [total[0] + n, total[1] + taken, total[2] + late,
                 total[3] + open_late]
    n = total[0]
    rows.append(("合计", [n, round(total[1] / n, 1) if n else "—", "—", total[2],
                        total[3]]))
    return [ReportSection("层级流转用时（村 → 镇 → 县）", "层级", COLUMNS, rows, NOTE)]
