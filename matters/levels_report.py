"""The accountability report's levels table: for each level (村级, 镇级, 县（区）级)
the stages that ended in the month, the working days they took against their limit,
and how many ran past it; the stages still open past their limit are counted too."""

import datetime

from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from servicecenter import workdays
from servicecenter.registry import ReportSection

from .models import ApplicationStage, Level

COLUMNS = ("结束环节数", "平均用时（工作日）", "平均时限（工作日）", "超本级时限",
           "在办超期")
NOTE = ("按层级环节结束（送出或县级批复登记）时间计入当月；用时按工作日历计算，自本级"
        "接收之日至结束之日。在办超期：至月末尚未结束且已过本级期限的环节。")


def _moment(day) -> datetime.datetime:
    """The report's bounds are days (or moments): midnight, in the centre's zone."""
    if isinstance(day, datetime.datetime):
        return day if timezone.is_aware(day) else timezone.make_aware(day)
    return datetime.datetime.combine(day, datetime.time(),
                                     timezone.get_current_timezone())


def level_sections(start, end) -> list[ReportSection]:
    """One grouped query: per level, the stages that ended in the month grouped by
    (received day, closed day), with their limits and how many ran past them, and
    the count of those open past their limit at its end; the working days are
    counted once per group on the (cached) calendar."""
    start, end = _moment(start), _moment(end)
    ended = Q(closed_at__gte=start, closed_at__lt=end)
    groups = list(ApplicationStage.objects.filter(
        ended | ((Q(closed_at__isnull=True) | Q(closed_at__gte=end))
                 & Q(due_at__lt=end)), received_at__lt=end).order_by().values(
        "level",
        received_day=Case(When(ended, then=TruncDate("received_at"))),
        closed_day=Case(When(ended, then=TruncDate("closed_at")))).annotate(
        n=Count("pk"), limits=Sum("limit_days"),
        late=Count("pk", filter=Q(due_at__isnull=False, closed_at__gt=F("due_at")))))
    if not groups:
        return []
    rows, total = [], [0, 0, 0, 0]
    for level in Level:
        mine = [g for g in groups if g["level"] == level]
        ended_groups = [g for g in mine if g["closed_day"] is not None]
        open_late = sum(g["n"] for g in mine if g["closed_day"] is None)
        late = sum(g["late"] for g in ended_groups)
        taken = sum(g["n"] * workdays.workdays_between(g["received_day"],
                                                           g["closed_day"])
                    for g in ended_groups)
        limits = sum(g["limits"] for g in ended_groups)
        n = sum(g["n"] for g in ended_groups)
        rows.append((level.label, [n, round(taken / n, 1) if n else "—",
                                   round(limits / n, 1) if n else "—", late,
                                   open_late]))
        total = [total[0] + n, total[1] + taken, total[2] + late,
                 total[3] + open_late]
    n = total[0]
    rows.append(("合计", [n, round(total[1] / n, 1) if n else "—", "—", total[2],
                        total[3]]))
    return [ReportSection("层级流转用时（村 → 镇 → 县）", "层级", COLUMNS, rows, NOTE)]
