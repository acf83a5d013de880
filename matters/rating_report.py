"""The month's window ratings (好差评) in the accountability report: by window, by
department (the window's, when rated) and by person (the clerk rated). One grouped
query per table, plus one for the names."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q
from django.utils import timezone

from servicecenter.models import Department, Window
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


def _grouped(qs, field: str) -> list[dict]:
    counts = {f"n{int(level)}": Count("pk", filter=Q(level=level)) for level in LEVELS}
    return list(qs.order_by().values(field).annotate(
        n=Count("pk"), avg=Avg("level"), **counts,
        bad=Count("pk", filter=Q(level__in=Rating.BAD)),
        rectified=Count("pk", filter=Q(level__in=Rating.BAD,
                                       rectification_id__isnull=False))))


def _cells(row: dict) -> list:
    good = sum(row[f"n{int(level)}"] for level in LEVELS if level not in Rating.BAD)
    return [row["n"], *(row[f"n{int(level)}"] for level in LEVELS),
            round(100 * good / row["n"], 1) if row["n"] else None,
            round(float(row["avg"]), 2) if row["avg"] is not None else None,
            row["bad"], row["rectified"]]


def _total(rows: list[dict]) -> dict:
    total = {key: sum(r[key] for r in rows)
             for key in ("n", "bad", "rectified", *(f"n{int(v)}" for v in LEVELS))}
    weighted = sum(int(v) * total[f"n{int(v)}"] for v in LEVELS)
    total["avg"] = weighted / total["n"] if total["n"] else None
    return total


def _table(title, head, rows, names, order) -> ReportSection:
    lines = sorted(rows, key=lambda r: order(r))
    body = [(names(r), _cells(r)) for r in lines]
    if lines:
        body.append(("合计", _cells(_total(lines))))
    return ReportSection(title=title, head=head, columns=COLUMNS, rows=body,
                         note=NOTE)


def rating_sections(start: datetime.date, end: datetime.date) -> list[ReportSection]:
    qs = Rating.objects.filter(created_at__gte=_midnight(start),
                               created_at__lt=_midnight(end))
    by_window = _grouped(qs, "window_id")
    by_dept = _grouped(qs, "department_id")
    by_person = _grouped(qs, "clerk_id")
    windows = {w.pk: w for w in Window.objects.filter(
        pk__in=[r["window_id"] for r in by_window])}
    depts = {d.pk: d for d in Department.objects.filter(
        pk__in=[r["department_id"] for r in by_dept if r["department_id"]])}
    people = {u.pk: u for u in get_user_model().objects.filter(
        pk__in=[r["clerk_id"] for r in by_person])}
    return [
        _table("窗口评价（按窗口）", "窗口", by_window,
               lambda r: str(windows[r["window_id"]]),
               lambda r: windows[r["window_id"]].number),
        _table("窗口评价（按科室）", "科室", by_dept,
               lambda r: depts[r["department_id"]].name if r["department_id"]
               else NO_DEPARTMENT,
               lambda r: (r["department_id"] is None,
                          depts[r["department_id"]].code if r["department_id"]
                          else "")),
        _table("窗口评价（按人员）", "姓名", by_person,
               lambda r: display_name(people[r["clerk_id"]]),
               lambda r: display_name(people[r["clerk_id"]])),
    ]
