"""What each process counts as finished, on time and overdue, in one place.

Per process: who "the person" is (handler, engineer, responsible person), the
department (the record's own, else the person's department membership), when the
person's work was finished and which deadline it is measured against.

- 信访: finished = replied (``replied_on``); deadline = the handling limit
  (``handle_due_at``, 60 days + extension), compared by day.
- 服务单: finished = closed (``closed_at``); the engineer's work ended at
  ``resolved_at``, measured against ``due_at`` (the resolve limit).
- 维修: finished = delivered (state closed, ``closed_at``); the repair ended at
  ``ready_at``, measured against the repair limit in force then. Delivery clears
  ``due_at``, so the limit comes from the order's history (the last row in a
  repair-work state before ``ready_at``).
- 投诉: finished = handled (``handled_at``), measured against the handling limit,
  which ``handle`` clears: it comes from the last history row in state accepted.
- 办件: finished = decided (``decided_at``), measured against the promise
  (承诺时限, ``promised_due_at``: ``decide`` moves ``due_at`` on to the 办结告知 limit
  but keeps the promise, with any extension and 特殊环节 days, on the record; no
  history look-up: the dashboard's trend query at 1M 4.3 s → under 0.25 s). An
  overdue 办件 counts against its department.

Open, paused and overdue ("超期未办结") are what each model's ``clock`` declares
(``servicecenter.clock``), registered by its app (``registry.register_clock``): the
backlog lists the clock's open states, the overdue counts its running deadlines
past due. No state name is spelled here. Records with no person yet (a petition
awaiting the leader's decision, a ticket awaiting assignment) count under
"（未指定）".
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from servicecenter import registry
from servicecenter.models import Department


@dataclass(frozen=True)
class Process:
    key: str
    label: str
    model_label: str
    person: str
    department: str | None
    finished: str  # field whose value in the month makes the record "handled"
    age_from: str  # when the record came in, for the backlog's age buckets
    by_day: bool = False  # finished is a date: compare with the deadline's day
    timed: bool = True  # has deadlines (difficult cases do not)
    # the limit stage a handled record is measured against, read from its history
    # (the clearing transition empties ``due_at``); None: its current deadline
    finished_stage: str | None = None
    # or a field of the record that keeps that limit after the work ended
    finished_due: str | None = None
    list_url: str = ""

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def clock(self):
        return registry.clock_for(self.model_label)

    @property
    def open_states(self) -> tuple:
        """Backlog states, in flow order."""
        return self.clock.open

    @property
    def handled(self) -> Q:
        """Extra filter for handled records: the clock's finished states, if any."""
        done = self.clock.done
        return Q(state__in=list(done)) if done else Q()

    def overdue_q(self, now) -> Q:
        """Open records whose running deadline is past ``now`` (not paused)."""
        return self.clock.overdue_q(now)

    def due_q(self, **lookups) -> Q:
        return self.clock._due_q(**lookups)


def _history_due(model, states, before):
    """``due_at`` of the record's last history row in ``states`` up to ``before``."""
    rows = model.history.model.objects.filter(
        id=OuterRef("pk"), state__in=states, due_at__isnull=False,
        history_date__lte=OuterRef(before),
    ).order_by("-history_date", "-history_id")
    return Subquery(rows.values("due_at")[:1], output_field=DateTimeField())


def member_department():
    """The first department the person is a member of (by code), for records that
    carry no department of their own (a subquery per row: for small querysets;
    grouped reports use ``member_departments`` after grouping instead)."""
    through = Department.members.through
    rows = through.objects.filter(user_id=OuterRef("_person")).order_by(
        "department__code", "department_id")
    return Subquery(rows.values("department_id")[:1], output_field=BigIntegerField())


def member_departments(person_ids) -> dict:
    """{user id: the first department they are a member of (by code)} in one query:
    the department of grouped rows whose record carries none of its own."""
    through = Department.members.through
    rows = (through.objects.filter(user_id__in=[i for i in person_ids if i])
            .order_by("user_id", "department__code", "department_id")
            .values_list("user_id", "department_id"))
    out: dict = {}
    for user_id, department_id in rows:
        out.setdefault(user_id, department_id)
    return out


def row_department(row, members: dict):
    """A grouped row's department: the record's own (``_own``), else the person's
    first membership (``member_departments``)."""
    own = row["_own"]
    return own if own is not None else members.get(row["_person"])


PETITION = Process(
    key="petition", label="信访", model_label="petitions.Petition", person="handler",
    department="department", finished="replied_on", by_day=True,
    age_from="received_at", list_url="petitions:list",
)
TICKET = Process(
    key="ticket", label="服务单", model_label="tickets.ServiceTicket",
    person="engineer",
    department=None, finished="closed_at", age_from="created_at",
    list_url="tickets:list",
)
REPAIR = Process(
    key="repair", label="维修", model_label="repairs.RepairOrder", person="engineer",
    department=None, finished="closed_at", finished_stage="repair",
    age_from="received_at", list_url="repairs:list",
)
COMPLAINT = Process(
    key="complaint", label="投诉", model_label="tickets.Complaint",
    person="responsible", department="department", finished="handled_at",
    finished_stage="handle", age_from="received_at", list_url="tickets:complaint_list",
)
MATTER = Process(
    key="matter", label="办件", model_label="matters.Application", person="handler",
    department="department", finished="decided_at", finished_due="promised_due_at",
    age_from="received_at", list_url="matters:list",
)
PROCESSES = (PETITION, TICKET, REPAIR, COMPLAINT, MATTER)
# Difficult cases have no deadline: they appear only in the dashboard's backlog.
DIFFICULT_CASE = Process(
    key="case", label="疑难案件", model_label="tickets.DifficultCase", person="handler",
    department=None, finished="resolved_at", age_from="created_at", timed=False,
    list_url="tickets:case_list",
)
BACKLOG_PROCESSES = PROCESSES + (DIFFICULT_CASE,)


def state_labels(process) -> dict:
    return dict(process.model._meta.get_field("state").choices)


def work_done(process):
    """When the person's work on a handled record ended."""
    if process is TICKET:
        return Coalesce("resolved_at", "closed_at")
    if process is REPAIR:
        return Coalesce("ready_at", "closed_at")
    return F(process.finished)


def finished_deadline(process):
    """The deadline a handled record is measured against."""
    model = process.model
    if process.finished_due:
        return F(process.finished_due)
    if process.finished_stage:
        states = process.clock.states_in_stage(process.finished_stage)
        ended = WORK_ENDED.get(process.key, process.finished)
        return _history_due(model, states, ended)
    if process is PETITION:
        return F("handle_due_at")
    return F("due_at")


# when the measured work ended, where that is not ``finished``
WORK_ENDED = {"repair": "ready_at"}


def person(process, handled: Q | None = None):
    """Who a row counts under: for a handled record the person who did the work; for
    an open one the person its clock names for the state (the receiving clerk of an
    uncollected device, say), else the process's person."""
    whens = [When(handled, then=F(f"{process.person}_id"))] if handled else []
    by_field: dict = {}
    for state, owner in process.clock.owners.items():
        if owner.field and owner.field != process.person:
            by_field.setdefault(owner.field, []).append(state)
    whens += [When(state__in=states, then=F(f"{field}_id"))
              for field, states in by_field.items()]
    if not by_field:
        return F(f"{process.person}_id")
    return Case(*whens, default=F(f"{process.person}_id"),
                output_field=BigIntegerField())


def annotate_people(process, qs, handled: Q | None = None):
    """``_person`` and ``_own`` (the record's own department id, or None) on every
    row (``handled``: the rows whose person is the one who did the work). Group by
    both, then ``row_department`` gives each group its department: resolving the
    person's membership per group instead of per record keeps a report over
    thousands of records at one cheap lookup per person."""
    qs = qs.annotate(_person=person(process, handled))
    own = (F(f"{process.department}_id") if process.department
           else Value(None, output_field=BigIntegerField()))
    return qs.annotate(_own=own)


def annotate_finish(process, qs):
    """``_done`` / ``_due`` (the days when ``by_day``) and the on-time / late flags
    as Q objects usable in filters and conditional aggregates."""
    if process.by_day:
        qs = qs.annotate(_done=F(process.finished), _due=TruncDate(finished_deadline(
            process)))
    else:
        qs = qs.annotate(_done=work_done(process), _due=finished_deadline(process))
    return qs


# NULL when the record has no deadline to be measured against: neither on time
# nor late. One expression, so that a report grouping by it evaluates a deadline
# read from history (a subquery per record) once, not once per flag.
MET = ExpressionWrapper(Q(_done__lte=F("_due")), output_field=BooleanField())
ON_TIME = Q(_due__isnull=False, _done__lte=F("_due"))
LATE = Q(_due__isnull=False, _done__gt=F("_due"))
