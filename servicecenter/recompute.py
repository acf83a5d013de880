"""Provisional deadlines recomputed once a year's calendar is confirmed (SPEC 1.4).

A deadline computed over a year without a confirmed calendar is provisional (暂定):
Monday–Friday stood in for the State Council's days. When an administrator confirms
the year (a ``CalendarYear`` row, after its ``CalendarDay`` rows), each app's
registered hook recomputes its open records' provisional deadlines from the same
stage and start as before; each changed record gets a history row saying why.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from . import registry, workdays
from .transitions import EVENT_LABELS

REASON = "recompute_calendar"  # the history row's change reason
REASON_LABEL = EVENT_LABELS[REASON]


def provisional_from(qs, year: int):
    """The records of ``qs`` whose provisional deadline falls in ``year`` or later
    (a deadline before it was computed without that year's days)."""
    first = datetime.datetime.combine(datetime.date(year, 1, 1), datetime.time.min,
                                      timezone.get_current_timezone())
    return qs.filter(due_provisional=True, due_at__gte=first).select_for_update()


def _shown(due, provisional) -> str:
    text = f"{timezone.localtime(due):%Y-%m-%d %H:%M}" if due else "—"
    return f"{text}（暂定）" if provisional else text


def apply(record, deadline: workdays.Deadline, **stage_fields) -> bool:
    """Save the recomputed deadline (and the stage's own deadline fields) with a
    history row naming the reason; False when nothing changed."""
    if (record.due_at, record.due_provisional) == (deadline.due, deadline.provisional):
        return False
    remark = (f"原期限 {_shown(record.due_at, record.due_provisional)}，"
              f"新期限 {_shown(deadline.due, deadline.provisional)}")
    record.due_at, record.due_provisional = deadline.due, deadline.provisional
    for name, value in stage_fields.items():
        setattr(record, name, value)
    record._change_reason, record._history_remark = REASON, remark
    record._history_user = None
    record.save(update_fields=["due_at", "due_provisional", *stage_fields])
    return True


def recompute_year(year: int) -> int:
    """Run every app's hook for a newly confirmed year; the number of records whose
    deadline changed."""
    workdays.clear_cache()  # the confirmed days, not a cached Monday–Friday
    if not workdays.is_confirmed_year(year):
        return 0
    changed = 0
    for hook in registry.deadline_recomputes:
        with transaction.atomic():
            changed += hook(year)
    return changed


def shifted_by_working_hours(deadline, hours: float) -> workdays.Deadline:
    """A deadline moved by the working hours its clock stood still."""
    if not hours:
        return deadline
    due = workdays.add_working_hours(deadline.due, hours)
    return workdays.Deadline(due, deadline.provisional or not workdays.years_confirmed(
        deadline.due.date(), due.date()))
