"""回访报告: follow-up calls of one month by department and engineer.

A call belongs to the month its window opens in (the month it was planned for);
cancelled calls are not counted. Reach rate = reached / planned. Bad ratings are
不满意 and 非常不满意; their complaints are 已整改 once handled (handled, reported,
archived), 超期 when still open past the rectification deadline.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from servicecenter.csvexport import csv_text
from servicecenter.reports.accountability import next_month

from ..models import Complaint, Revisit

RATINGS = [(r.value, r.label) for r in Revisit.Rating]  # 5 … 1
RECTIFIED = [Complaint.State.HANDLED, Complaint.State.REPORTED,
             Complaint.State.ARCHIVED]
OPEN = [Complaint.State.REGISTERED, Complaint.State.ACCEPTED]


@dataclass
class Row:
    name: str
    planned: int = 0
    reached: int = 0
    unreachable: int = 0
    pending: int = 0
    ratings: dict = field(default_factory=lambda: {v: 0 for v, _ in RATINGS})
    rectified: int = 0
    rectifying: int = 0
    rectify_overdue: int = 0
    rejected: int = 0

    @property
    def bad(self) -> int:
        return sum(self.ratings[r] for r in Revisit.BAD_RATINGS)

    @property
    def reach_rate(self) -> float:
        return round(100 * self.reached / self.planned, 1) if self.planned else 0.0

    def rating_bars(self):
        total = sum(self.ratings.values())
        return [{"label": label, "count": self.ratings[v],
                 "pct": round(100 * self.ratings[v] / total, 1) if total else 0,
                 "bad": v in Revisit.BAD_RATINGS} for v, label in RATINGS]

    def add(self, other: "Row"):
        for name in ("planned", "reached", "unreachable", "pending", "rectified",
                     "rectifying", "rectify_overdue", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for v in self.ratings:
            self.ratings[v] += other.ratings[v]


@dataclass
class Report:
    month: datetime.date
    total: Row
    departments: list
    engineers: list


def _aggregates(month: datetime.date):
    first = month.replace(day=1)
    nxt = next_month(first)
    now = timezone.now()
    bad = Q(bad_rating_complaint__isnull=False)
    counts = {
        "planned": Count("id"),
        "reached": Count("id", filter=Q(state=Revisit.State.COMPLETED)),
        "unreachable": Count("id", filter=Q(state=Revisit.State.UNREACHABLE)),
        "pending": Count("id", filter=Q(state=Revisit.State.SCHEDULED)),
        "rectified": Count("id", filter=bad & Q(
            bad_rating_complaint__state__in=RECTIFIED)),
        "rectifying": Count("id", filter=bad & Q(bad_rating_complaint__state__in=OPEN)
                            & ~Q(bad_rating_complaint__rectify_due_at__lt=now)),
        "rectify_overdue": Count("id", filter=bad & Q(
            bad_rating_complaint__state__in=OPEN,
            bad_rating_complaint__rectify_due_at__lt=now)),
        "rejected": Count("id", filter=bad & Q(
            bad_rating_complaint__state=Complaint.State.REJECTED)),
    }
    completed = Q(state=Revisit.State.COMPLETED)
    counts.update({f"r{v}": Count("id", filter=completed & Q(rating=v))
                   for v, _ in RATINGS})
    return (Revisit.objects
            .filter(window_start__gte=first, window_start__lt=nxt)
            .exclude(state=Revisit.State.CANCELLED)
            .values("department_id", "department__name", "engineer_id",
                    "engineer__first_name", "engineer__username")
            .annotate(**counts).order_by("department__name", "engineer__username"))


def _row(name, agg) -> Row:
    row = Row(name=name, ratings={v: agg[f"r{v}"] for v, _ in RATINGS})
    for key in ("planned", "reached", "unreachable", "pending", "rectified",
                "rectifying", "rectify_overdue", "rejected"):
        setattr(row, key, agg[key])
    return row


def build_report(month: datetime.date) -> Report:
    total, departments, engineers = Row("合计"), {}, {}
    for agg in _aggregates(month):
        dept = agg["department__name"] or "（未指定科室）"
        engineer = (agg["engineer__first_name"] or agg["engineer__username"]
                    or "（未指定）")
        row = _row(engineer, agg)
        total.add(row)
        departments.setdefault(dept, Row(dept)).add(row)
        key = agg["engineer_id"]
        engineers.setdefault(key, Row(engineer)).add(row)
    return Report(month=month.replace(day=1), total=total,
                  departments=sorted(departments.values(), key=lambda r: r.name),
                  engineers=sorted(engineers.values(), key=lambda r: r.name))


CSV_HEADER = (["维度", "名称", "计划回访", "已接通", "无法联系", "待回访", "接通率(%)"]
              + [label for _, label in RATINGS]
              + ["差评", "已整改", "整改中", "整改超期", "不予受理"])


def _csv_line(kind, row: Row):
    return ([kind, row.name, row.planned, row.reached, row.unreachable, row.pending,
             row.reach_rate] + [row.ratings[v] for v, _ in RATINGS]
            + [row.bad, row.rectified, row.rectifying, row.rectify_overdue,
               row.rejected])


def report_lines(report: Report):
    yield _csv_line("全部", report.total)
    for row in report.departments:
        yield _csv_line("科室", row)
    for row in report.engineers:
        yield _csv_line("工程师", row)


def report_csv(report: Report) -> str:
    return csv_text(CSV_HEADER, report_lines(report))
