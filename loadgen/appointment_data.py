"""Bulk 预约 (appointments) for benchmarks, against an existing database on its own
(``manage.py generate_data --only appointments --records N``): the last year and the
next 14 days at every window that receives items, on working days only, in the slots
of the office hours and never above a slot's capacity; past ones arrived, missed or
cancelled, today's and later ones booked, a few 绿色通道 requests. Numbers continue
the YY counters; each row has its '+' history row.
"""

import datetime

from django.utils import timezone

from matters.appointments.slots import slot_times
from matters.models import Appointment, BookingRule, ServiceItem
from servicecenter import workdays
from servicecenter.models import Party, Window
from servicecenter.roles import CLERK, role_users

from .data import Rec, fast_insert, number_by_year, set_counter

PREFIX = "YY"
PAST_DAYS, AHEAD_DAYS = 365, 14
PAST_STATES = ["arrived"] * 78 + ["missed"] * 12 + ["withdrawn"] * 10
CHANNELS = ["phone"] * 6 + ["window"] * 3 + ["fax"]


def _windows(clerks):
    """{window: [item ids]} of the windows that receive items, each with a rule and
    the first clerk among its staff (the benchmark's clerk reads a full day)."""
    by_window = {}
    for item_id, window_id in ServiceItem.objects.filter(
            is_active=True, current_version__isnull=False,
            window__isnull=False).values_list("pk", "window_id"):
        by_window.setdefault(window_id, []).append(item_id)
    windows = {w: by_window[w.pk] for w in Window.objects.filter(pk__in=by_window)}
    for window in windows:
        BookingRule.objects.get_or_create(window=window,
                                          defaults={"capacity": 3, "slot_minutes": 30})
        if clerks:
            window.staff.add(clerks[0])
    return windows


def _days(today):
    days = [today + datetime.timedelta(days=d) for d in range(-PAST_DAYS, AHEAD_DAYS)]
    return [d for d in days if workdays.is_workday(d)]


def _slots(windows, days):
    """Every (window, start, end) place, one per capacity unit, today's first."""
    today = timezone.localdate()
    places = []
    for window in windows:
        rule = window.booking_rule
        for day in days:
            for start, end in slot_times(rule, day):
                places += [(day == today, window, start, end)] * rule.capacity
    return places


def _rec(rng, now, place, items, party, clerks):
    _, window, start, end = place
    booked_at = start - datetime.timedelta(hours=rng.randint(2, 24 * 10))
    state = ("booked" if end > now else rng.choice(PAST_STATES))
    return Rec(item_id=rng.choice(items[window]), situation_id=None,
               window_id=window.pk, party_id=party, starts_at=start, ends_at=end,
               channel=rng.choice(CHANNELS), green_channel=False, reason="",
               booked_by_id=rng.choice(clerks) if clerks else None,
               booked_at=booked_at, state=state, approved_by_id=None,
               approved_at=None, note="",
               arrived_at=start + datetime.timedelta(minutes=rng.randint(0, 20))
               if state == "arrived" else None,
               missed_at=end if state == "missed" else None, missed_by_id=None,
               closed_reason="群众来电取消" if state == "withdrawn" else "")


def generate(rng, n) -> int:
    """``n`` appointments (fewer when the year's slots are all taken)."""
    now = timezone.now()
    # the first by pk is the benchmark's clerk (loadgen.benchmark.user_with_role)
    clerks = list(role_users(CLERK).order_by("pk").values_list("pk", flat=True))
    windows = _windows(clerks)
    parties = list(Party.objects.order_by("-pk").values_list("pk", flat=True)[:50000])
    if not windows or not parties or n <= 0:
        return 0
    places = _slots(windows, _days(timezone.localdate()))
    today = [p for p in places if p[0]]
    rest = rng.sample([p for p in places if not p[0]],
                      min(max(n - len(today), 0), len(places) - len(today)))
    chosen = today[:n] + rest
    recs = [_rec(rng, now, p, windows, rng.choice(parties), clerks) for p in chosen]
    counters = number_by_year(recs, PREFIX, "starts_at")
    fast_insert(Appointment, recs, when="booked_at", reason="book", user_ids=clerks,
                rng=rng)
    for year, value in counters.items():
        set_counter(PREFIX, year, value)
    return len(recs)
