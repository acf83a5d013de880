"""The managers' dashboard: backlog, due today, overdue, trends, open bad ratings.

A fixed number of aggregate queries (one per process per block), whatever the
number of records.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from servicecenter import registry

from . import closed_months
from .accountability import NO_DEPARTMENT, NO_PERSON, local_midnight, person_rows
from .processes import (
    BACKLOG_PROCESSES,
    MET,
    PROCESSES,
    annotate_finish,
    annotate_people,
    row_department,
    state_labels,
)

AGE_BUCKETS = ("0–3天", "4–7天", "8–15天", "15天以上")
MONTHS = 12


@dataclass
class BacklogRow:
    state: str
    label: str
    ages: list[int]
    due_today: int
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.ages)


@dataclass
class Backlog:
    process: object
    rows: list[BacklogRow]

    def _sum(self, name):
        return sum(getattr(r, name) for r in self.rows)

    @property
    def ages(self) -> list[int]:
        return [sum(r.ages[i] for r in self.rows) for i in range(len(AGE_BUCKETS))]

    @property
    def total(self) -> int:
        return self._sum("total")

    @property
    def due_today(self) -> int:
        return self._sum("due_today")

    @property
    def overdue(self) -> int:
        return self._sum("overdue")


def backlog(process, now) -> Backlog:
    """Open records by state and age (calendar days since they came in); due today
    and overdue among those someone must act on."""
    today = timezone.localdate(now)
    b3, b7, b15 = (local_midnight(today - datetime.timedelta(days=n))
                   for n in (3, 7, 15))
    age = process.age_from
    counts = {
        "a0": Count("pk", filter=Q(**{f"{age}__gte": b3})),
        "a1": Count("pk", filter=Q(**{f"{age}__gte": b7, f"{age}__lt": b3})),
        "a2": Count("pk", filter=Q(**{f"{age}__gte": b15, f"{age}__lt": b7})),
        "a3": Count("pk", filter=Q(**{f"{age}__lt": b15})),
    }
    if process.timed:
        tomorrow = local_midnight(today + datetime.timedelta(days=1))
        counts["due_today"] = Count("pk", filter=process.due_q(
            gte=local_midnight(today), lt=tomorrow))
        counts["overdue"] = Count("pk", filter=process.overdue_q(now))
    rows = (process.model._default_manager.filter(process.clock.open_q())
            .order_by().values("state").annotate(**counts))
    by_state = {r["state"]: r for r in rows}
    labels = state_labels(process)
    out = []
    for state in process.open_states:
        r = by_state.get(state)
        if r:
            out.append(BacklogRow(state, labels.get(state, state),
                                  [r["a0"], r["a1"], r["a2"], r["a3"]],
                                  r.get("due_today", 0), r.get("overdue", 0)))
    return Backlog(process, out)


def _overdue_cells(now) -> tuple[dict, dict]:
    """({(person id, department id): {process key: count}} of records overdue now,
    {person id: (name, department name)})."""
    groups = []
    for process in PROCESSES:
        qs = process.model._default_manager.filter(process.overdue_q(now))
        rows = (annotate_people(process, qs).order_by().values("_person", "_own")
                .annotate(n=Count("pk")))
        groups += [(process.key, row) for row in rows]
    people = person_rows({row["_person"] for _, row in groups})
    members = {pk: p[2] for pk, p in people.items()}
    cells: dict = {}
    for key, row in groups:
        cell = cells.setdefault((row["_person"], row_department(row, members)), {})
        cell[key] = cell.get(key, 0) + row["n"]
    return cells, people


def overdue_cells(now) -> dict:
    """{(person id, department id): {process key: count}} of records overdue now."""
    return _overdue_cells(now)[0]


def overdue_by(now):
    """(by department, by person): lists of (name, count, {process: count}), most
    overdue first."""
    from servicecenter.models import Department

    cells, names = _overdue_cells(now)
    depts = dict(Department.objects.filter(pk__in={d for _, d in cells if d})
                 .values_list("pk", "name"))
    by_dept, by_person = {}, {}
    for (person, dept), counts in cells.items():
        _add(by_dept, dept, depts.get(dept, NO_DEPARTMENT), counts)
        pname = names.get(person, (NO_PERSON, ""))[0]
        _add(by_person, person, pname, counts)
    return _most_first(by_dept), _most_first(by_person)


def _most_first(table) -> list[dict]:
    for row in table.values():
        row["by_process"] = [row["processes"].get(p.key, 0) for p in PROCESSES]
    return sorted(table.values(), key=lambda r: (-r["count"], r["name"]))


def _add(table, key, name, counts):
    row = table.setdefault(key, {"name": name, "count": 0, "processes": {}})
    row["count"] += sum(counts.values())
    for k, v in counts.items():
        row["processes"][k] = row["processes"].get(k, 0) + v


def month_starts(now) -> list[datetime.date]:
    first = timezone.localdate(now).replace(day=1)
    months = [first]
    for _ in range(MONTHS - 1):
        months.insert(0, (months[0] - datetime.timedelta(days=1)).replace(day=1))
    return months


def _month_key(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def _on_time_rows(process, start, end=None) -> list[tuple]:
    """(month, met, n) of the process's records handled from ``start`` (a local
    midnight or a day) until ``end``; ``met``: True on time, False late, None no
    deadline to measure."""
    bounds = {f"{process.finished}__gte": start}
    if end is not None:
        bounds[f"{process.finished}__lt"] = end
    qs = process.model._default_manager.filter(process.handled, **bounds)
    rows = (annotate_finish(process, qs).annotate(_met=MET).order_by()
            .values(m=TruncMonth(process.finished), met=F("_met"))
            .annotate(n=Count("pk")))
    return [(_month_key(r["m"]), r["met"], r["n"]) for r in rows]


def _handled_rows(months, closed: bool) -> list[tuple]:
    """The trend's rows of every process: the closed months (before the current
    one) or the current month."""
    out = []
    for process in PROCESSES:
        first, this = months[0], months[-1]
        if not process.by_day:
            first, this = local_midnight(first), local_midnight(this)
        out += (_on_time_rows(process, first, this) if closed
                else _on_time_rows(process, this))
    return out


def on_time_trend(now) -> list[dict]:
    """Per month of the last twelve: handled, on time, late (all processes)."""
    months = month_starts(now)
    table = {m: {"month": m, "handled": 0, "on_time": 0, "late": 0} for m in months}
    closed = closed_months.cached(f"on-time:{months[0]}:{months[-1]}",
                                  lambda: _handled_rows(months, closed=True))
    for month, met, n in closed + _handled_rows(months, closed=False):
        cell = table.get(month)
        if cell:
            cell["handled"] += n
            if met is not None:
                cell["on_time" if met else "late"] += n
    for cell in table.values():
        measured = cell["on_time"] + cell["late"]
        cell["rate"] = round(100 * cell["on_time"] / measured, 1) if measured else None
    return [table[m] for m in months]


def _rating_rows(source, start, end=None) -> list[tuple]:
    """(month, ratings, sum of ratings, bad ratings) from ``start`` until ``end``."""
    bounds = {f"{source.rated_at}__gte": start}
    if end is not None:
        bounds[f"{source.rated_at}__lt"] = end
    rows = (source.rated().filter(**bounds).order_by()
            .values(m=TruncMonth(source.rated_at))
            .annotate(n=Count("pk"), total=Sum("rating"),
                      bad=Count("pk", filter=Q(rating__in=source.bad_values))))
    return [(_month_key(r["m"]), r["n"], r["total"], r["bad"]) for r in rows]


def satisfaction_trend(now) -> list[dict]:
    """Per month: completed follow-up calls with a rating, average (5 = 非常满意),
    bad ratings."""
    months = month_starts(now)
    source = registry.ratings()
    found: dict = {}
    if source is not None:
        first, this = local_midnight(months[0]), local_midnight(months[-1])
        closed = closed_months.cached(f"ratings:{months[0]}:{months[-1]}",
                                      lambda: _rating_rows(source, first, this))
        for month, n, total, bad in closed + _rating_rows(source, this):
            found[month] = (n, total, bad)
    out = []
    for m in months:
        n, total, bad = found.get(m, (0, 0, 0))
        out.append({"month": m, "n": n, "bad": bad,
                    "avg": round(total / n, 2) if n else None})
    return out


def open_bad_ratings(limit=10):
    """不满意 / 非常不满意 calls whose complaint is not archived (or was never
    opened): (count, the latest ``limit``)."""
    source = registry.ratings()
    if source is None:
        return 0, []
    qs = source.open_bad()
    latest = list(qs.order_by(f"-{source.rated_at}", "-id")[:limit])
    return qs.count(), latest


def build_dashboard(now=None) -> dict:
    now = now or timezone.now()
    backlogs = [backlog(p, now) for p in BACKLOG_PROCESSES]
    by_dept, by_person = overdue_by(now)
    bad_count, bad_latest = open_bad_ratings()
    return {
        "now": now, "backlogs": backlogs, "age_buckets": AGE_BUCKETS,
        "overdue_departments": by_dept, "overdue_people": by_person,
        "on_time": on_time_trend(now), "satisfaction": satisfaction_trend(now),
        "bad_count": bad_count, "bad_latest": bad_latest,
        "processes": PROCESSES,
    }
