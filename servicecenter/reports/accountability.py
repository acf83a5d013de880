"""责任追究 / 考核: per department and per person, for one month.

One query for every aggregate (a UNION ALL of one grouped part per process, the
notices and the ratings) plus two for names. Python only adds up the grouped rows:
working days past due are counted per (due day, finish day) group with
``servicecenter.workdays``, because the Chinese calendar (holidays, 调休) lives in a
table, not in an SQL function.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from servicecenter import registry, workdays
from servicecenter.models import Department, Notification

from .processes import (
    LATE,
    ON_TIME,
    PROCESSES,
    annotate_finish,
    annotate_people,
    row_department,
)

NO_PERSON = "（未指定）"
# the columns of every grouped row (one UNION ALL), ``n`` after them
COLUMNS = ("_source", "_person", "_own", "_kind", "_late_due", "_late_done",
           "_open_due", "_value")
# typed NULLs: the union's column types are matched part by part
NO_VALUE = Cast(Value(None), IntegerField())
NO_DAYS = {name: Cast(Value(None), DateField())
           for name in ("_late_due", "_late_done", "_open_due")}
NO_DEPARTMENT = "（未归属科室）"


def parse_month(value: str | None) -> datetime.date:
    """``YYYY-MM`` → the month's first day; this month when missing or invalid."""
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def local_midnight(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(), tz)


@dataclass
class Figures:
    handled: Counter = field(default_factory=Counter)  # process key → count
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0
    overdue_days: int = 0
    chase: int = 0
    escalation: int = 0
    rated: int = 0
    rating_sum: int = 0
    bad: int = 0

    def add(self, other: "Figures") -> None:
        self.handled.update(other.handled)
        for name in ("on_time", "late", "open_overdue", "overdue_days", "chase",
                     "escalation", "rated", "rating_sum", "bad"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def handled_by_process(self) -> list[int]:
        """Counts in the order of ``PROCESSES`` (the report's columns)."""
        return [self.handled[p.key] for p in PROCESSES]

    @property
    def handled_total(self) -> int:
        return sum(self.handled.values())

    @property
    def on_time_rate(self) -> float | None:
        """Share of handled records with a deadline that met it, in percent."""
        measured = self.on_time + self.late
        return round(100 * self.on_time / measured, 1) if measured else None

    @property
    def overdue(self) -> int:
        return self.late + self.open_overdue

    @property
    def avg_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 2) if self.rated else None


@dataclass
class Line:
    key: int | None
    name: str
    department: str = ""
    figures: Figures = field(default_factory=Figures)


@dataclass
class Report:
    month: datetime.date
    cutoff: datetime.datetime
    departments: list[Line]
    people: list[Line]
    total: Figures
    processes: tuple = PROCESSES
    # the apps' extra tables (registry.report_sections): the window ratings, say
    sections: list = field(default_factory=list)


def _process_rows(process, start, end, cutoff):
    """Grouped rows (person, department, kind, due day, finish day, n)."""
    bounds = (start, end) if process.by_day else (local_midnight(start),
                                                 local_midnight(end))
    in_month = Q(**{f"{process.finished}__gte": bounds[0],
                    f"{process.finished}__lt": bounds[1]}) & process.handled
    open_q = process.overdue_q(cutoff)
    day = (lambda name: F(name)) if process.by_day else TruncDate
    qs = annotate_finish(process, annotate_people(
        process, process.model._default_manager.filter(in_month | open_q), in_month))
    late = in_month & LATE
    return qs.annotate(
        _kind=Case(When(in_month & ON_TIME, then=Value("on_time")),
                   When(late, then=Value("late")), When(in_month, then=Value("no_due")),
                   default=Value("open")),
        _late_due=Case(When(late, then=day("_due")), output_field=DateField()),
        _late_done=Case(When(late, then=day("_done")), output_field=DateField()),
        _open_due=Case(When(in_month, then=Value(None)),
                       default=TruncDate(process.clock.due_expr()),
                       output_field=DateField()),
    ).annotate(_source=Value(process.key), _value=NO_VALUE).order_by().values(
        *COLUMNS).annotate(n=Count("pk"))


def _add_process(process, rows, cells, cutoff_day, between):
    for row, f in rows:
        n, kind = row["n"], row["_kind"]
        if kind == "open":
            f.open_overdue += n
            f.overdue_days += n * between(row["_open_due"], cutoff_day)
            continue
        f.handled[process.key] += n
        if kind == "on_time":
            f.on_time += n
        elif kind == "late":
            f.late += n
            f.overdue_days += n * between(row["_late_due"], row["_late_done"])


def _memo_workdays():
    """``workdays_between``, counted once per (from, to) pair: the grouped rows repeat
    the same due day for many people."""
    counted: dict = {}

    def between(start, end):
        if (start, end) not in counted:
            counted[start, end] = workdays.workdays_between(start, end)
        return counted[start, end]
    return between


def _month_filter(field_name, start, end):
    return {f"{field_name}__gte": local_midnight(start),
            f"{field_name}__lt": local_midnight(end)}


def _notice_rows(start, end):
    """Per recipient and kind (催办, 督办): ``_kind`` is the notice's kind."""
    kinds = [Notification.Kind.CHASE, Notification.Kind.ESCALATION]
    return (Notification.objects.filter(kind__in=kinds, **_month_filter("created_at",
                                                                        start, end))
            .annotate(_source=Value("notice"), _person=F("recipient_id"),
                      _own=Value(None, output_field=BigIntegerField()),
                      _kind=F("kind"), **NO_DAYS, _value=NO_VALUE)
            .order_by().values(*COLUMNS).annotate(n=Count("pk")))


def _rating_rows(source, start, end):
    """Per person, department and rating given (``_value``)."""
    return (source.rated().filter(**_month_filter(source.rated_at, start, end))
            .annotate(_source=Value("rating"), _person=F(source.person),
                      _own=F(source.department), _kind=Value(""), **NO_DAYS,
                      _value=F("rating"))
            .order_by().values(*COLUMNS).annotate(n=Count("pk")))


def _grouped_rows(start, end, cutoff) -> list[dict]:
    """Every grouped row of the month in one query (UNION ALL of the processes', the
    notices' and the ratings' aggregates), each with its ``_source``: a process key,
    "notice" or "rating"."""
    parts = [_process_rows(p, start, end, cutoff) for p in PROCESSES]
    parts.append(_notice_rows(start, end))
    source = registry.ratings()
    if source is not None:
        parts.append(_rating_rows(source, start, end))
    first, *rest = parts
    return list(first.union(*rest, all=True))


def collect(month: datetime.date, now=None) -> tuple[dict, datetime.datetime, dict]:
    """({(person id, department id): Figures}, cutoff, {person id: (name, department
    name, department id)}) for the month; open records count as overdue when their
    deadline passed before the cutoff (the month's end, or now for the current
    month)."""
    now = now or timezone.now()
    start, end = month, next_month(month)
    cutoff = min(now, local_midnight(end))
    # the last day counted: the month's last day, or today in the current month
    cutoff_day = timezone.localdate(cutoff - datetime.timedelta(microseconds=1))
    rows = _grouped_rows(start, end, cutoff)
    by_source = defaultdict(list)
    for row in rows:
        by_source[row["_source"]].append(row)
    people = person_rows({r["_person"] for r in rows})
    members = {pk: p[2] for pk, p in people.items()}
    cells = defaultdict(Figures)

    def cell(row):
        return row, cells[row["_person"], row_department(row, members)]

    between = _memo_workdays()
    for process in PROCESSES:
        _add_process(process, map(cell, by_source[process.key]), cells, cutoff_day,
                     between)
    for row, f in map(cell, by_source["notice"]):
        if row["_kind"] == Notification.Kind.CHASE:
            f.chase += row["n"]
        else:
            f.escalation += row["n"]
    bad = registry.ratings().bad_values if by_source["rating"] else ()
    for row, f in map(cell, by_source["rating"]):
        f.rated += row["n"]
        f.rating_sum += row["n"] * row["_value"]
        f.bad += row["n"] if row["_value"] in bad else 0
    return dict(cells), cutoff, people


def person_rows(ids) -> dict:
    """{user id: (display name, their department's name, its id)} in one query
    (their department: the first they are a member of, by code)."""
    from django.db.models import OuterRef, Subquery

    through = Department.members.through
    dept = through.objects.filter(user_id=OuterRef("pk")).order_by(
        "department__code", "department_id")
    rows = User.objects.filter(pk__in=[i for i in ids if i]).annotate(
        dept_name=Subquery(dept.values("department__name")[:1]),
        dept_id=Subquery(dept.values("department_id")[:1])).values(
        "pk", "first_name", "last_name", "username", "dept_name", "dept_id")
    return {r["pk"]: ((f"{r['last_name']}{r['first_name']}".strip() or r["username"]),
                      r["dept_name"] or "", r["dept_id"]) for r in rows}


def person_names(ids) -> dict:
    """{user id: (display name, their department's name)} in one query."""
    return {pk: row[:2] for pk, row in person_rows(ids).items()}


def build_report(month: datetime.date, now=None) -> Report:
    cells, cutoff, people = collect(month, now)
    dept_rows = Department.objects.filter(pk__in={d for _, d in cells if d})
    depts = {d.pk: d for d in dept_rows}
    by_person, by_dept, total = {}, {}, Figures()
    for (person, dept), figures in cells.items():
        name, home = people.get(person, (NO_PERSON, "", None))[:2]
        line = by_person.setdefault(person, Line(person, name, home))
        line.figures.add(figures)
        d = depts.get(dept)
        dline = by_dept.setdefault(dept, Line(dept, d.name if d else NO_DEPARTMENT,
                                              d.code if d else ""))
        dline.figures.add(figures)
        total.add(figures)
    # namesakes in one department by id: the rows' order is the database's
    people = sorted(by_person.values(),
                    key=lambda p: (p.key is None, not p.department, p.department,
                                   p.name, p.key or 0))
    # a department line's ``department`` holds its code, the sort key
    departments = sorted(by_dept.values(), key=lambda d: (d.key is None, d.department))
    sections = [section for fn in registry.report_sections
                for section in fn(month, next_month(month))]
    return Report(month, cutoff, departments, people, total, sections=sections)
