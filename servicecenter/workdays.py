"""The Chinese working-day calendar.

China's working days are not Monday–Friday: statutory holidays fall on weekdays and
some weekends become working days (调休). The exceptions live in ``CalendarDay``
(seeded from ``chinese_calendar`` for 2004–2026, extended by admins when the State
Council publishes the next year's notice). A year without a ``CalendarYear`` row is
not confirmed: it falls back to Monday–Friday and every deadline computed on it is
provisional (暂定). 调休 is never guessed. Working hours are the office hours of
``OfficeHours`` (a morning and a seasonal afternoon) on working days.
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


def add_days(day: datetime.date, n: int,
             move_off_holiday: bool | None = None) -> datetime.date:
    """Calendar-day limit: ``day`` + n natural days; when the last day is not a working
    day it moves to the next working day unless the setting says otherwise."""
    if move_off_holiday is None:
        move_off_holiday = settings.DEADLINE_MOVE_OFF_HOLIDAY
    end = day + datetime.timedelta(days=n)
    return next_workday(end) if move_off_holiday else end


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]: how many working days ``end`` is after
    ``start``."""
    if end <= start:
        return 0
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_workday(day)
    return count


# The seeds' 作息时间 (SPEC 1.11): (name, start (month, day), end (month, day),
# morning, afternoon). The data migration seeds them; managers edit them in the admin.
T = datetime.time
DEFAULT_OFFICE_HOURS = [
    ("春季", (3, 1), (4, 30), (T(8), T(12)), (T(14), T(18))),
    ("夏季", (5, 1), (9, 30), (T(8), T(12)), (T(14, 30), T(18, 30))),
    ("冬季", (10, 1), (2, 29), (T(8), T(12)), (T(13, 30), T(17))),
]
_hours: list = []  # [(loaded at, seasons)]


def clear_office_hours_cache() -> None:
    with _lock:
        _hours.clear()


def _seasons() -> list:
    """[(start, end, blocks)] from ``OfficeHours``, else the defaults; cached for a
    minute per process like the calendar."""
    now = time.monotonic()
    cached = _hours[0] if _hours else None
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    from .models import OfficeHours

    seasons = [((o.start_month, o.start_day), (o.end_month, o.end_day),
                ((o.morning_start, o.morning_end),
                 (o.afternoon_start, o.afternoon_end)))
               for o in OfficeHours.objects.all()]
    if not seasons:
        seasons = [(start, end, tuple(blocks))
                   for _, start, end, *blocks in DEFAULT_OFFICE_HOURS]
    with _lock:
        _hours[:] = [(now, seasons)]
    return seasons


def _in_season(md: tuple[int, int], start: tuple, end: tuple) -> bool:
    if start <= end:
        return start <= md <= end
    return md >= start or md <= end  # a season over the new year (1 Oct – end Feb)


def office_blocks(day: datetime.date) -> list[tuple[datetime.time, datetime.time]]:
    """The day's office-hour blocks (morning, afternoon), whatever kind of day it is."""
    md = (day.month, day.day)
    for start, end, blocks in _seasons():
        if _in_season(md, start, end):
            return list(blocks)
    for _, start, end, *blocks in DEFAULT_OFFICE_HOURS:  # a gap in the edited table
        if _in_season(md, start, end):
            return blocks
    return []


def _day_spans(day: datetime.date) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """A working day's office hours as aware moments; none on other days."""
    if not is_workday(day):
        return []
    tz = timezone.get_current_timezone()
    combine = datetime.datetime.combine
    return [(combine(day, a, tz), combine(day, b, tz)) for a, b in office_blocks(day)]


def add_working_hours(moment: datetime.datetime, hours: float) -> datetime.datetime:
    """``moment`` plus working hours, counted only inside working days' office hours
    (the lunch break and the evening do not count)."""
    moment = timezone.localtime(moment)
    remaining = datetime.timedelta(hours=hours)
    day = moment.date()
    for _ in range(3660):  # ten years of days: an empty schedule cannot loop forever
        for start, end in _day_spans(day):
            cursor = max(moment, start)
            if cursor < end:
                if cursor + remaining <= end:
                    return cursor + remaining
                remaining -= end - cursor
        day += datetime.timedelta(days=1)
    raise ValueError("作息时间表中没有办公时间，无法计算工作小时时限。")


def working_hours_between(a: datetime.datetime, b: datetime.datetime) -> float:
    """Office hours on working days between two moments (0 when b <= a)."""
    if b <= a:
        return 0.0
    a, b = timezone.localtime(a), timezone.localtime(b)
    total = datetime.timedelta()
    day = a.date()
    while day <= b.date():
        for start, end in _day_spans(day):
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
