"""The accountability report's levels table: for each level (村级, 镇级, 县（区）级)
the stages that ended in the month, the working days they took against their limit,
and how many ran past it; the stages still open past their limit are counted too."""

from django.db.models import Count, Q

from servicecenter import workdays
from servicecenter.registry import ReportSection

from .models import ApplicationStage, Level

COLUMNS = ("结束环节数", "平均用时（工作日）", "平均时限（工作日）", "超本级时限",
           "在办超期")
NOTE = ("按层级环节结束（送出或县级批复登记）时间计入当月；用时按工作日历计算，自本级"
        "接收之日至结束之日。在办超期：至月末尚未结束且已过本级期限的环节。")


def _working_days(stage) -> int:
    return workdays.workdays_between(stage.received_at.date(), stage.closed_at.date())


def level_sections(start, end) -> list[ReportSection]:
    ended = list(ApplicationStage.objects.filter(
        closed_at__gte=start, closed_at__lt=end, received_at__isnull=False)
        .only("level", "received_at", "closed_at", "limit_days", "due_at"))
    if not ended and not ApplicationStage.objects.filter(
            received_at__lt=end).exists():
        return []
    open_late = dict(ApplicationStage.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=end), received_at__lt=end,
        due_at__lt=end).values_list("level").annotate(n=Count("id")))
    rows, total = [], [0, 0, 0, 0]
    for level in Level:
        mine = [s for s in ended if s.level == level]
        late = sum(1 for s in mine if s.due_at and s.closed_at > s.due_at)
        taken = sum(_working_days(s) for s in mine)
        limits = sum(s.limit_days for s in mine)
        n = len(mine)
        rows.append((level.label, [n, round(taken / n, 1) if n else "—",
                                   round(limits / n, 1) if n else "—", late,
                                   open_late.get(level.value, 0)]))
        total = [total[0] + n, total[1] + taken, total[2] + late,
                 total[3] + open_late.get(level.value, 0)]
    n = total[0]
    rows.append(("合计", [n, round(total[1] / n, 1) if n else "—", "—", total[2],
                        total[3]]))
    return [ReportSection("层级流转用时（村 → 镇 → 县）", "层级", COLUMNS, rows, NOTE)]


