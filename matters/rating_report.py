"""The month's window ratings (好差评) in the accountability report: by window, by
department (the window's, when rated) and by person (the clerk rated). One grouped
query, names included, for all three tables; Python adds up the groups."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from servicecenter.people import display_name
from servicecenter.registry import ReportSection

from .models.rating import Rating

LEVELS = sorted(Rating.Level, reverse=True)
COLUMNS = ("评价数", *(level.label for level in LEVELS), "满意率(%)", "平均分", "差评",
           "差评已立整改")
NOTE = ("窗口评价器的群众评价，按评价时间计入当月。"
        "满意率 = （非常满意 + 满意 + 基本满意）÷ 评价数；"
        "平均分 5 = 非常满意、1 = 非常不满意；"
        "差评（不满意、非常不满意）自动立整改（投诉），时限 15 个工作日。")
NO_DEPARTMENT = "（未归属科室）"


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(),
                                     timezone.get_current_timezone())


KEYS = ("n", "bad", "rectified", *(f"n{int(v)}" for v in LEVELS))


def _counted(qs) -> list[dict]:
    """One grouped row per (window, department, clerk), with the names."""
    counts = {f"n{int(level)}": Count("pk", filter=Q(level=level)) for level in LEVELS}
    return list(qs.order_by().values(
        "window_id", "window__number", "window__name", "department_id",
        "department__name", "department__code", "clerk_id", "clerk__first_name",
        "clerk__last_name").annotate(
        n=Count("pk"), **counts, bad=Count("pk", filter=Q(level__in=Rating.BAD)),
        rectified=Count("pk", filter=Q(level__in=Rating.BAD,
                                       rectification_id__isnull=False))))


def _by(rows: list[dict], key) -> list[dict]:
    """The rows added up per ``key(row)`` (each result keeps its first row's
    names)."""
    out: dict = {}
    for row in rows:
        line = out.setdefault(key(row), {**row, **{k: 0 for k in KEYS}})
        for k in KEYS:
            line[k] += row[k]
    return list(out.values())


def _cells(row: dict) -> list:
    n = row["n"]
    good = sum(row[f"n{int(level)}"] for level in LEVELS if level not in Rating.BAD)
    points = sum(int(level) * row[f"n{int(level)}"] for level in LEVELS)
    return [n, *(row[f"n{int(level)}"] for level in LEVELS),
            round(100 * good / n, 1) if n else None,
            round(points / n, 2) if n else None, row["bad"], row["rectified"]]


def _total(rows: list[dict]) -> dict:
    return {key: sum(r[key] for r in rows) for key in KEYS}


def _table(title, head, rows, names, order) -> ReportSection:
    lines = sorted(rows, key=lambda r: order(r))
    body = [(names(r), _cells(r)) for r in lines]
    if lines:
        body.append(("合计", _cells(_total(lines))))
    return ReportSection(title=title, head=head, columns=COLUMNS, rows=body,
                         note=NOTE)


def _person(row) -> str:
    user = get_user_model()(pk=row["clerk_id"], first_name=row["clerk__first_name"],
                            last_name=row["clerk__last_name"])
    return display_name(user)


def _department(row) -> str:
    return row["department__name"] if row["department_id"] else NO_DEPARTMENT


def rating_sections(start: datetime.date, end: datetime.date) -> list[ReportSection]:
    """The month's tables: by window, by department, by person (one query)."""
    rows = _counted(Rating.objects.filter(created_at__gte=_midnight(start),
                                          created_at__lt=_midnight(end)))
    return [
        _table("窗口评价（按窗口）", "窗口", _by(rows, lambda r: r["window_id"]),
               lambda r: f"{r['window__number']}号窗口（{r['window__name']}）",
               lambda r: r["window__number"]),
        _table("窗口评价（按科室）", "科室", _by(rows, lambda r: r["department_id"]),
               _department, lambda r: (r["department_id"] is None,
                                       r["department__code"] or "")),
        _table("窗口评价（按人员）", "姓名", _by(rows, lambda r: r["clerk_id"]),
               _person, _person),
    ]
