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
Then the apps' own sweepers run (auto-close, maintenance plans, ...).
"""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from . import registry, workdays
from .models import Notification
from .notify import create_notices
from .roles import MANAGER, role_users


@dataclass
class DeadlineSpec:
    model: type
    label: str  # 信访, 服务单, ...
    open_states: list[str]
    url_name: str  # e.g. "petitions:detail", reversed with the record's pk
    responsible: str  # field name of the responsible user's FK (…_id)
    department: str | None = None  # FK to Department, whose head is copied on chases
    due_field: str = "due_at"
    overdue_field: str | None = "marked_overdue"
    extra_filter: Q = field(default_factory=Q)
    # Several specs may cover one model (who is responsible depends on the state);
    # the overdue flag is kept per model over all of its specs' open states.


def _open(spec):
    return spec.model._default_manager.filter(spec.extra_filter, state__in=spec.open_states)


def mark_overdue(specs, now) -> int:
    """Flag the model's open records past their deadline; clear the flag on records
    that left those states or whose deadline moved. Two UPDATEs, whatever the size."""
    spec = specs[0]
    if not spec.overdue_field:
        return 0
    flag, due = spec.overdue_field, spec.due_field
    overdue = Q()
    for s in specs:
        overdue |= Q(s.extra_filter, state__in=s.open_states, **{f"{due}__lt": now})
    manager = spec.model._default_manager
    marked = manager.filter(overdue, **{flag: False}).update(**{flag: True})
    manager.filter(**{flag: True}).exclude(overdue).update(**{flag: False})
    return marked


def _without_notice(qs, spec, kind):
    ct = ContentType.objects.get_for_model(spec.model)
    sent = Notification.objects.filter(content_type=ct, object_id=OuterRef("pk"), kind=kind,
                                       due_at=OuterRef(spec.due_field))
    return qs.filter(~Exists(sent))


def _rows(qs, spec):
    """(pk, number, due, responsible, department head) per record needing a notice."""
    head = f"{spec.department}__head_id" if spec.department else spec.responsible
    return qs.values_list("pk", "number", spec.due_field, spec.responsible, head)


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


def sweep_spec(spec, now) -> dict:
    today = timezone.localtime(now).date()
    due = spec.due_field
    remind_until = workdays.end_of_day(
        workdays.add_workdays(today, settings.SWEEP_REMIND_WORKDAYS))
    escalate_before = workdays.end_of_day(
        workdays.add_workdays(today, -settings.SWEEP_ESCALATE_AFTER_WORKDAYS))
    counts = {}
    nobody = {f"{spec.responsible}__isnull": True}
    if spec.department:  # no one named yet: the department's head answers for it
        nobody[f"{spec.department}__head__isnull"] = True
    base = _open(spec).exclude(**nobody)
    remind = _without_notice(base.filter(**{f"{due}__gte": now, f"{due}__lte": remind_until}),
                             spec, Notification.Kind.REMINDER)
    chase = _without_notice(base.filter(**{f"{due}__lt": now}), spec, Notification.Kind.CHASE)
    escalate = _without_notice(base.filter(**{f"{due}__lt": escalate_before}), spec,
                               Notification.Kind.ESCALATION)
    managers = _managers()
    notices = (
        _notices(spec, _rows(remind, spec), Notification.Kind.REMINDER,
                 lambda r: [r[3] or r[4]], "【提醒】{label} {number} 即将到期")
        + _notices(spec, _rows(chase, spec), Notification.Kind.CHASE,
                   lambda r: [r[3], r[4]],
                   "【催办】{label} {number} 已超期")
        + _notices(spec, _rows(escalate, spec), Notification.Kind.ESCALATION,
                   lambda r: managers, "【督办】{label} {number} 超期未办结")
    )
    created = create_notices(notices)
    for kind in Notification.Kind.values:
        counts[kind] = sum(1 for n in created if n.kind == kind)
    return counts


def run(now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    started = time.perf_counter()
    report = {}
    by_model = {}
    for spec in registry.deadline_specs:
        by_model.setdefault(spec.model, []).append(spec)
    for model, specs in by_model.items():
        with transaction.atomic():
            counts = {"overdue_marked": mark_overdue(specs, now)}
            for spec in specs:
                for key, value in sweep_spec(spec, now).items():
                    counts[key] = counts.get(key, 0) + value
        report[model._meta.label] = counts
    for sweeper in registry.sweepers:
        report[getattr(sweeper, "__qualname__", str(sweeper))] = sweeper(now)
    from .workqueue import bump

    bump()  # overdue flags and auto-closes change what 工作台 shows
    report["seconds"] = round(time.perf_counter() - started, 3)
    return report
