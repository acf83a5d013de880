"""The managers' dashboard: backlog, due today, overdue, trends, open bad ratings.

A fixed number of aggregate queries (one per process per block), whatever the
number of records.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from servicecenter import registry

from .accountability import NO_DEPARTMENT, NO_PERSON, local_midnight, person_names
from .processes import (
    BACKLOG_PROCESSES,
    LATE,
    ON_TIME,
    PROCESSES,
    annotate_finish,
    annotate_people,
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


def overdue_cells(now) -> dict:
    """{(person id, department id): {process key: count}} of records overdue now."""
    cells: dict = {}
    for process in PROCESSES:
        qs = process.model._default_manager.filter(process.overdue_q(now))
        rows = (annotate_people(process, qs).order_by().values("_person", "_dept")
                .annotate(n=Count("pk")))
        for row in rows:
            cell = cells.setdefault((row["_person"], row["_dept"]), {})
            cell[process.key] = cell.get(process.key, 0) + row["n"]
    return cells


def overdue_by(now):
    """(by department, by person): lists of (name, count, {process: count}), most
    overdue first."""
    from servicecenter.models import Department

    cells = overdue_cells(now)
    names = person_names({p for p, _ in cells})
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


def on_time_trend(now) -> list[dict]:
    """Per month of the last twelve: handled, on time, late (all processes)."""
    months = month_starts(now)
    table = {m: {"month": m, "handled": 0, "on_time": 0, "late": 0} for m in months}
    for process in PROCESSES:
        start = months[0] if process.by_day else local_midnight(months[0])
        qs = process.model._default_manager.filter(
            process.handled, **{f"{process.finished}__gte": start})
        rows = (annotate_finish(process, qs).order_by()
                .values(m=TruncMonth(process.finished))
                .annotate(handled=Count("pk"), on_time=Count("pk", filter=ON_TIME),
                          late=Count("pk", filter=LATE)))
        for row in rows:
            cell = table.get(_month_key(row["m"]))
            if cell:
                for k in ("handled", "on_time", "late"):
                    cell[k] += row[k]
    for cell in table.values():
        measured = cell["on_time"] + cell["late"]
        cell["rate"] = round(100 * cell["on_time"] / measured, 1) if measured else None
    return [table[m] for m in months]


def satisfaction_trend(now) -> list[dict]:
    """Per month: completed follow-up calls with a rating, average (5 = 非常满意),
    bad ratings."""
    months = month_starts(now)
    source = registry.ratings()
    rows = [] if source is None else (
        source.rated().filter(**{f"{source.rated_at}__gte": local_midnight(months[0])})
        .order_by().values(m=TruncMonth(source.rated_at))
        .annotate(n=Count("pk"), avg=Avg("rating"),
                  bad=Count("pk", filter=Q(rating__in=source.bad_values))))
    found = {_month_key(r["m"]): r for r in rows}
    out = []
    for m in months:
        r = found.get(m)
        out.append({"month": m, "n": r["n"] if r else 0, "bad": r["bad"] if r else 0,
                    "avg": round(float(r["avg"]), 2) if r else None})
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
