import datetime as dt

import pytest

from servicecenter import workdays
from servicecenter.deadlines import compute, deadline_for
from servicecenter.models import CalendarDay, CalendarYear, TimeLimit

pytestmark = pytest.mark.django_db
D = dt.date


def test_add_workdays_skips_national_day_holiday():
    assert workdays.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_add_workdays_lands_on_tiaoxiu_saturday():
    assert workdays.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_tiaoxiu_saturday_after_national_day_is_workday():
    assert workdays.is_workday(D(2026, 10, 10))
    assert not workdays.is_workday(D(2026, 10, 1))


def test_unconfirmed_year_falls_back_to_monday_to_friday():
    assert workdays.is_workday(D(2027, 3, 1))
    assert not workdays.is_workday(D(2027, 3, 6))
    assert not workdays.is_confirmed_year(2027)
    assert workdays.is_confirmed_year(2026)


def test_added_year_is_confirmed_and_its_holidays_honoured():
    CalendarYear.objects.create(year=2027, source="国务院办公厅通知")
    CalendarDay.objects.create(date=D(2027, 3, 1), is_workday=False, name="测试假日")
    assert workdays.is_confirmed_year(2027)
    assert not workdays.is_workday(D(2027, 3, 1))
    assert workdays.add_workdays(D(2027, 2, 26), 1) == D(2027, 3, 2)


def test_deadline_over_unconfirmed_year_is_provisional():
    start = dt.datetime(2026, 12, 20, 10, tzinfo=dt.UTC)
    deadline = compute(start, 30, TimeLimit.Unit.CALENDAR_DAYS)
    assert deadline.provisional
    assert not compute(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), 15,
                       TimeLimit.Unit.CALENDAR_DAYS).provisional


def test_calendar_day_limit_moves_off_holiday_by_default(settings):
    # 2026-09-16 + 15 days = 2026-10-01 (National Day) → first working day 10-08
    assert workdays.add_days(D(2026, 9, 16), 15) == D(2026, 10, 8)
    settings.DEADLINE_MOVE_OFF_HOLIDAY = False
    assert workdays.add_days(D(2026, 9, 16), 15) == D(2026, 10, 1)


def test_working_hours_skip_nights_and_holidays():
    tz = dt.timezone(dt.timedelta(hours=8))
    eve_of_holiday = dt.datetime(2026, 9, 30, 17, 30, tzinfo=tz)  # open until 18:30
    due = workdays.add_working_hours(eve_of_holiday, 2)
    assert due.astimezone(tz) == dt.datetime(2026, 10, 8, 9, 0, tzinfo=tz)
    assert workdays.working_hours_between(eve_of_holiday, due) == pytest.approx(2)


def test_time_limit_edit_applies_to_later_deadlines():
    start = dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)  # Monday 10:00 in Shanghai
    before = deadline_for("complaint", "handle", start)
    TimeLimit.objects.filter(process="complaint", stage="handle").update(amount=5)
    after = deadline_for("complaint", "handle", start)
    assert before.due.date() == D(2026, 3, 23)
    assert after.due.date() == D(2026, 3, 9)


def test_workdays_between_counts_only_working_days():
    assert workdays.workdays_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert workdays.workdays_between(D(2026, 10, 8), D(2026, 9, 30)) == 0
