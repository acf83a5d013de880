"""The deadline sweep: safe to run every few minutes, idempotent, set-based.

For every registered ``DeadlineSpec`` it
1. marks records overdue (and clears the flag when a deadline moved) with UPDATEs;
2. sends a reminder (提醒) to the responsible person before the deadline;
3. on the first overdue day sends a chase notice (催办) to the responsible person,
   copied to the head of their department;
4. after ``SWEEP_ESCALATE_AFTER_WORKDAYS`` working days overdue escalates (督办) to
   the managers.
Each notice is sent once per record, kind and deadline: the candidate queries exclude
records that already have one (NOT EXISTS), and a unique constraint guards races.
Then the apps' own sweepers run (auto-close, maintenance plans, ...); one that keeps
a mark of its own (``since``, ``left_off``: the levels' stages) is full when the
sweep is.

Incremental: the day's first sweep of a model (or ``run(full=True)``) looks at all its
open records; later sweeps that day look only at the deadlines that crossed a
threshold (now, the reminder horizon, the escalation line) since the previous sweep
(``SweepMark``) and at the records saved since (their history rows). A million
records with 27,000 of them overdue then cost what ten thousand do. A change to a
department (its head), a time limit or the calendar makes the next sweep a full one
(``signals.sweep_from_scratch``); a bulk UPDATE, which no history row records, waits
for the next day's first sweep or ``--full``.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from . import registry, workdays
from .models import Notification, SweepMark
from .notify import create_notices, without_notice
from .roles import MANAGER, role_users


@dataclass
class DeadlineSpec:
    model: type
    label: str  # 信访, 服务单, ...
    open_states: list[str]
    url_name: str  # e.g. "petitions:detail", reversed with the record's pk
    responsible: str | None  # field name of the responsible user's FK (…_id)
    department: str | None = None  # FK to Department, whose head is copied on chases
    role: str | None = None  # no one named (nor a head): everyone with this role
    due_field: str = "due_at"
    overdue_field: str | None = "marked_overdue"
    extra_filter: Q = field(default_factory=Q)
    # Several specs may cover one model (who is responsible depends on the state);
    # the overdue flag is kept per model over all of its specs' open states.


@dataclass(frozen=True)
class Window:
    """A sweep's thresholds: reminders for deadlines up to ``remind_until``, chases for
    those before ``now``, escalations for those before ``escalate_before``."""
    now: datetime.datetime
    remind_until: datetime.datetime
    escalate_before: datetime.datetime

    @classmethod
    def at(cls, now):
        today = timezone.localtime(now).date()
        return cls(now, workdays.end_of_day(
            workdays.add_workdays(today, settings.SWEEP_REMIND_WORKDAYS)),
            workdays.end_of_day(
                workdays.add_workdays(today, -settings.SWEEP_ESCALATE_AFTER_WORKDAYS)))


@dataclass(frozen=True)
class Since:
    """The previous sweep of the day (its window) and the pks saved since."""
    window: Window
    changed: list[int]

    def crossed(self, due: str, attr: str, upto) -> Q:
        """Records whose deadline crossed this threshold since, or that were saved."""
        return Q(**{f"{due}__gte": getattr(self.window, attr), f"{due}__lt": upto}) | \
            Q(pk__in=self.changed)


# a save's history row is dated when it was saved, and may commit a little later
SAVED_MARGIN = datetime.timedelta(minutes=5)
CHANGED_MAX = 20_000  # more saves than this since the last sweep: look at everything


def since(model, window: Window) -> Since | None:
    """What changed since the model's previous sweep today; None for a full sweep."""
    mark = SweepMark.objects.filter(model=model._meta.label).first()
    if mark is None or not mark.swept_at <= window.now or (
            timezone.localtime(mark.swept_at).date()
            != timezone.localtime(window.now).date()):
        return None
    changed = saved_since(model, mark.swept_at)
    if changed is None:
        return None
    previous = Window(mark.swept_at, mark.remind_until, mark.escalate_before)
    return Since(previous, changed)


def saved_since(model, when) -> list[int] | None:
    """The pks of the model's records saved since ``when`` (their history rows);
    None if more than ``CHANGED_MAX``."""
    saved = model.history.filter(history_date__gte=when - SAVED_MARGIN)
    changed = list(saved.order_by().values_list("id", flat=True)
                   .distinct()[:CHANGED_MAX + 1])
    return None if len(changed) > CHANGED_MAX else changed


def left_off(model, window: Window):
    """The model's mark: the next sweep of the day starts from this one."""
    fields = {"swept_at": window.now, "remind_until": window.remind_until,
              "escalate_before": window.escalate_before}
    if not SweepMark.objects.filter(model=model._meta.label).update(**fields):
        SweepMark.objects.update_or_create(model=model._meta.label, defaults=fields)


def _open(spec):
    return spec.model._default_manager.filter(spec.extra_filter,
                                              state__in=spec.open_states)


def _open_due(specs, **due) -> Q:
    """Open in one of the specs' states with the deadline in ``due`` (lookups): an arm
    per state group, so that the (state, due) indexes serve each."""
    q = Q(pk__in=[])
    for s in specs:
        lookups = {f"{s.due_field}__{k}": v for k, v in due.items()}
        q |= Q(s.extra_filter, state__in=s.open_states, **lookups)
    return q


def mark_overdue(specs, now, since: Since | None = None) -> int:
    """Flag the model's open records past their deadline; clear the flag on records
    that left those states or whose deadline moved. Two UPDATEs, whatever the size;
    after ``since``, only over what crossed ``now`` or was saved since."""
    spec = specs[0]
    if not spec.overdue_field:
        return 0
    flag = spec.overdue_field
    overdue = _open_due(specs, lt=now)
    manager = spec.model._default_manager
    to_mark = manager.filter(overdue, **{flag: False})
    to_clear = manager.filter(**{flag: True})
    if since is not None:
        crossed = _open_due(specs, gte=since.window.now, lt=now)
        to_mark = to_mark.filter(crossed | Q(pk__in=since.changed))
        to_clear = to_clear.filter(pk__in=since.changed)
    marked = to_mark.update(**{flag: True})
    to_clear.exclude(overdue).update(**{flag: False})
    return marked


def _without_notice(qs, spec, kind):
    return without_notice(qs, spec.model, kind, due_at=OuterRef(spec.due_field))


def _rows(qs, spec):
    """(pk, number, due, responsible, department head) per record needing a notice."""
    person = spec.responsible or "pk"
    head = f"{spec.department}__head_id" if spec.department else person
    rows = qs.values_list("pk", "number", spec.due_field, person, head)
    if spec.responsible:
        return rows
    # no person field: the department's head answers (Owner(department=...)), if any
    return [(pk, number, due, None, head_id if spec.department else None)
            for pk, number, due, _, head_id in rows]


def _people(spec, row, role_ids, both=False):
    """The record's person (and the head when ``both``), else the role's users."""
    named = [row[3], row[4]] if both else [row[3] or row[4]]
    return [r for r in named if r] or role_ids


def _notices(spec, rows, kind, recipients_for, title):
    ct = ContentType.objects.get_for_model(spec.model)
    notices = []
    for row in rows:
        pk, number, due = row[0], row[1], row[2]
        url = reverse(spec.url_name, args=[pk])
        local_due = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
        for recipient in {r for r in recipients_for(row) if r}:
            notices.append(Notification(
                recipient_id=recipient, kind=kind, title=title.format(
                    label=spec.label, number=number), body=f"办理期限：{local_due}",
                url=url, content_type=ct, object_id=pk, due_at=due))
    return notices


def _managers():
    return list(role_users(MANAGER).values_list("pk", flat=True))


def _candidates(spec, w: Window, since: Since | None):
    """The open records that may need a reminder, a chase, an escalation."""
    due, now = spec.due_field, w.now
    base = _open(spec)
    if spec.role is None and spec.responsible:  # no one to tell: nothing to send
        nobody = {f"{spec.responsible}__isnull": True}
        if spec.department:  # no one named yet: the department's head answers for it
            nobody[f"{spec.department}__head__isnull"] = True
        base = base.exclude(**nobody)
    remind = base.filter(**{f"{due}__gte": now, f"{due}__lte": w.remind_until})
    chase = base.filter(**{f"{due}__lt": now})
    escalate = base.filter(**{f"{due}__lt": w.escalate_before})
    if since is not None:  # the reminder horizon moves on: (previous, now's]
        remind = remind.filter(Q(**{f"{due}__gt": since.window.remind_until})
                               | Q(pk__in=since.changed))
        chase = chase.filter(since.crossed(due, "now", now))
        escalate = escalate.filter(
            since.crossed(due, "escalate_before", w.escalate_before))
    kind = Notification.Kind
    return (_without_notice(remind, spec, kind.REMINDER),
            _without_notice(chase, spec, kind.CHASE),
            _without_notice(escalate, spec, kind.ESCALATION))


def sweep_spec(spec, w: Window, since: Since | None, managers: list[int]) -> dict:
    counts = {}
    remind, chase, escalate = _candidates(spec, w, since)
    role_ids = list(role_users(spec.role).values_list("pk", flat=True)) \
        if spec.role else []
    notices = (
        _notices(spec, _rows(remind, spec), Notification.Kind.REMINDER,
                 lambda r: _people(spec, r, role_ids),
                 "【提醒】{label} {number} 即将到期")
        + _notices(spec, _rows(chase, spec), Notification.Kind.CHASE,
                   lambda r: _people(spec, r, role_ids, both=True),
                   "【催办】{label} {number} 已超期")
        + _notices(spec, _rows(escalate, spec), Notification.Kind.ESCALATION,
                   lambda r: managers, "【督办】{label} {number} 超期未办结")
    )
    created = create_notices(notices)
    for kind in Notification.Kind.values:
        counts[kind] = sum(1 for n in created if n.kind == kind)
    return counts


def run(now: datetime.datetime | None = None, full: bool = False) -> dict:
    """One sweep; ``full`` looks at every open record, not only at what changed since
    the previous sweep of the day."""
    w = Window.at(now or timezone.now())
    now = w.now
    started = time.perf_counter()
    if full:  # the sweepers that keep a mark (``since``) look at everything too
        SweepMark.objects.all().delete()
    report = {}
    by_model = {}
    for spec in registry.deadline_specs:
        by_model.setdefault(spec.model, []).append(spec)
    managers = _managers()
    for model, specs in by_model.items():
        with transaction.atomic():
            after = None if full else since(model, w)
            counts = {"full": after is None,
                      "overdue_marked": mark_overdue(specs, now, after)}
            for spec in specs:
                for key, value in sweep_spec(spec, w, after, managers).items():
                    counts[key] = counts.get(key, 0) + value
            left_off(model, w)
        report[model._meta.label] = counts
    for sweeper in registry.sweepers:
        report[getattr(sweeper, "__qualname__", str(sweeper))] = sweeper(now)
    from .workqueue import bump

    bump()  # overdue flags and auto-closes change what 工作台 shows
    report["seconds"] = round(time.perf_counter() - started, 3)
    return report
