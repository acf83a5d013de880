"""Demo appointments: booking rules for the demo windows, a few appointments on the
current and the next working day (relative to the run date), one missed on the
previous working day (recorded by the sweep), one 绿色通道 booking on the next rest
day awaiting the leader. DEMO ONLY; idempotent (nothing is added once any
appointment exists)."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from servicecenter import workdays
from servicecenter.models import Party, Window

from ..models import Appointment, BookingRule, ServiceItem
from . import services
from .slots import day_slots

GREEN_ITEM = "林权证申请"  # the demo's 重点项目 (绿色通道) item


def _rules():
    for window in Window.objects.filter(is_active=True):
        BookingRule.objects.get_or_create(
            window=window, defaults={"slot_minutes": 30,
                                     "capacity": 3 if window.number == 1 else 2})


def _workday(day, step):
    day += datetime.timedelta(days=step)
    while not workdays.is_workday(day):
        day += datetime.timedelta(days=step)
    return day


def _rest_day(day):
    day += datetime.timedelta(days=1)
    while workdays.is_workday(day):
        day += datetime.timedelta(days=1)
    return day


def _book(clerk, item, party, day, index, **kwargs):
    slots = day_slots(item.window.booking_rule, day)
    start = slots[min(index, len(slots) - 1)].start
    dawn = datetime.datetime.combine(day, datetime.time(0),
                                     timezone.get_current_timezone())
    return services.book_appointment(
        clerk, item=item, party=party, starts_at=start, now=min(dawn, timezone.now()),
        situation=item.current_version.situations.order_by("order", "id").first(),
        **kwargs)


def _walk(clerk, items, parties):
    today = timezone.localdate()
    day0 = today if workdays.is_workday(today) else _workday(today, 1)
    day1, before = _workday(day0, 1), _workday(today, -1)
    first, second = items[0], items[1 % len(items)]
    plan = [(first, before, 1, "phone"), (first, day0, 1, "phone"),
            (second, day0, 3, "window"), (first, day0, 3, "phone"),
            (second, day0, 10, "phone"), (first, day1, 2, "phone"),
            (second, day1, 12, "window")]
    made = [_book(clerk, item, parties[n % len(parties)], day, slot, channel=channel)
            for n, (item, day, slot, channel) in enumerate(plan)]
    services.arrive_appointment(made[3], clerk)
    # the sweep records the previous working day's as missed (today's stay booked
    # for the walk, until the next real sweep)
    services.lapse_appointments(made[1].starts_at)
    green = ServiceItem.objects.filter(name=GREEN_ITEM).first()
    if green is not None and green.window_id:
        green.green_channel = True
        green.save(update_fields=["green_channel"])
        rest = _rest_day(today)
        tz = timezone.get_current_timezone()
        services.book_appointment(
            clerk, item=green, party=parties[-1],
            starts_at=datetime.datetime.combine(rest, datetime.time(9), tz),
            ends_at=datetime.datetime.combine(rest, datetime.time(11), tz),
            reason="县重点招商项目林地流转，投资方急需办理林权证", channel="phone")
        made.append(green)
    return len(made)


def seed() -> int:
    _rules()
    if Appointment.objects.exists():
        return 0
    clerk = User.objects.filter(username="clerk").first()
    leader = User.objects.filter(username="leader").first()
    window = Window.objects.filter(staff=clerk).first() if clerk else None
    items = list(ServiceItem.objects.filter(window=window, is_active=True,
                                            current_version__isnull=False)
                 .exclude(name=GREEN_ITEM).order_by("code")) if window else []
    parties = list(Party.objects.filter(kind=Party.Kind.PERSON).order_by("pk"))
    if not items or not parties or leader is None:
        return 0
    return _walk(clerk, items, parties)
