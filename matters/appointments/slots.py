"""Appointment slots: a working day's office hours (``servicecenter.workdays``: the
morning and the season's afternoon) cut into the window's slot length, each holding
the rule's capacity. A rest day (weekend, holiday) has none; a 调休 Saturday or Sunday
is a working day and has them."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from servicecenter import workdays

from ..models.appointment import HOLDING_STATES, Appointment


@dataclass(frozen=True)
class Slot:
    start: datetime.datetime
    end: datetime.datetime
    capacity: int
    taken: int

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def label(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%H:%M}–{end:%H:%M}"

    @property
    def value(self) -> str:
        return f"{timezone.localtime(self.start):%H:%M}"


def _day_bounds(day):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), tz)
    return start, start + datetime.timedelta(days=1)


def office_spans(day: datetime.date):
    """The day's office hours as aware moments; none on a rest day."""
    if not workdays.is_workday(day):
        return []
    tz = timezone.get_current_timezone()
    combine = datetime.datetime.combine
    return [(combine(day, a, tz), combine(day, b, tz))
            for a, b in workdays.office_blocks(day)]


def in_office_hours(start: datetime.datetime, end: datetime.datetime) -> bool:
    """Whether [start, end) overlaps the office hours of its day."""
    day = timezone.localtime(start).date()
    return any(start < b and end > a for a, b in office_spans(day))


def slot_times(rule, day: datetime.date):
    """[(start, end)] of the day's slots under ``rule`` (whole slots only)."""
    step = datetime.timedelta(minutes=rule.slot_minutes)
    times = []
    for a, b in office_spans(day):
        cursor = a
        while cursor + step <= b:
            times.append((cursor, cursor + step))
            cursor += step
    return times


def taken_counts(window_id, day: datetime.date) -> dict:
    """{slot start: bookings holding a place} for one window and day (one query)."""
    lo, hi = _day_bounds(day)
    rows = (Appointment.objects.filter(window_id=window_id, green_channel=False,
                                       state__in=HOLDING_STATES,
                                       starts_at__gte=lo, starts_at__lt=hi)
            .values("starts_at").annotate(n=Count("id")).order_by())
    return {r["starts_at"]: r["n"] for r in rows}


def day_slots(rule, day: datetime.date) -> list[Slot]:
    """The day's slots with what each has left; [] on a rest day or without a rule."""
    if rule is None or not rule.is_active:
        return []
    times = slot_times(rule, day)
    if not times:
        return []
    taken = taken_counts(rule.window_id, day)
    return [Slot(a, b, rule.capacity, taken.get(a, 0)) for a, b in times]


def find_slot(rule, start: datetime.datetime):
    """The (start, end) of the slot that begins at ``start``, or None."""
    day = timezone.localtime(start).date()
    return next(((a, b) for a, b in slot_times(rule, day) if a == start), None)
