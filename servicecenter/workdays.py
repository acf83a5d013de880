"""The Chinese working-day calendar.

China's working days are not Monday–Friday: statutory holidays fall on weekdays and
some weekends become working days (调休). The exceptions live in ``CalendarDay``
(seeded from ``chinese_calendar`` for 2004–2026, extended by admins when the State
Council publishes the next year's notice). A year without a ``CalendarYear`` row is
not confirmed: it falls back to Monday–Friday and every deadline computed on it is
provisional (暂定). 调休 is never guessed.
"""

import datetime
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

_CACHE_SECONDS = 60
_lock = threading.Lock()
_years: dict[int, tuple[float, bool, dict[datetime.date, bool]]] = {}


def clear_cache() -> None:
    with _lock:
        _years.clear()


def _year(year: int) -> tuple[bool, dict[datetime.date, bool]]:
    """(confirmed, {date: is_workday}) for a year, cached for a minute per process."""
    now = time.monotonic()
    cached = _years.get(year)
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1], cached[2]
    from .models import CalendarDay, CalendarYear

    confirmed = CalendarYear.objects.filter(year=year).exists()
    days = dict(
        CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")
    )
    with _lock:
        _years[year] = (now, confirmed, days)
    return confirmed, days


def is_confirmed_year(year: int) -> bool:
    return _year(year)[0]


def is_workday(day: datetime.date) -> bool:
    _, days = _year(day.year)
    if day in days:
        return days[day]
    return day.weekday() < 5


def next_workday(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    return day


def add_workdays(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``day`` (before it when n is negative)."""
    step = datetime.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_workday(day):
            remaining -= 1
    return day


def add_days(day: datetime.date, n: int, move_off_holiday: bool | None = None) -> datetime.date:
    """Calendar-day limit: ``day`` + n natural days; when the last day is not a working
    day it moves to the next working day unless the setting says otherwise."""
    if move_off_holiday is None:
        move_off_holiday = settings.DEADLINE_MOVE_OFF_HOLIDAY
    end = day + datetime.timedelta(days=n)
    return next_workday(end) if move_off_holiday else end


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]: how many working days ``end`` is after ``start``."""
    if end <= start:
        return 0
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_workday(day)
    return count


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(settings.WORKDAY_START_HOUR), tz)
    end = datetime.datetime.combine(day, datetime.time(settings.WORKDAY_END_HOUR), tz)
    return start, end


def add_working_hours(moment: datetime.datetime, hours: float) -> datetime.datetime:
    """``moment`` plus working hours, counted only inside working days' office hours."""
    moment = timezone.localtime(moment)
    remaining = datetime.timedelta(hours=hours)
    day = moment.date()
    while True:
        if is_workday(day):
            start, end = _day_bounds(day)
            cursor = max(moment, start)
            if cursor < end:
                if cursor + remaining <= end:
                    return cursor + remaining
                remaining -= end - cursor
        day += datetime.timedelta(days=1)
        moment = _day_bounds(day)[0]


def working_hours_between(a: datetime.datetime, b: datetime.datetime) -> float:
    """Office hours on working days between two moments (0 when b <= a)."""
    if b <= a:
        return 0.0
    a, b = timezone.localtime(a), timezone.localtime(b)
    total = datetime.timedelta()
    day = a.date()
    while day <= b.date():
        if is_workday(day):
            start, end = _day_bounds(day)
            lo, hi = max(a, start), min(b, end)
            if hi > lo:
                total += hi - lo
        day += datetime.timedelta(days=1)
    return total.total_seconds() / 3600


def years_confirmed(first: datetime.date, last: datetime.date) -> bool:
    return all(is_confirmed_year(y) for y in range(first.year, last.year + 1))


@dataclass(frozen=True)
class Deadline:
    due: datetime.datetime
    provisional: bool  # computed over a year with no confirmed calendar (暂定)


def end_of_day(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tz)
