"""Office hours as data (SPEC 1.11): 8:00-12:00 and a seasonal afternoon on working
days; working-hour limits skip the lunch break, evenings and holidays."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from servicecenter import workdays
from servicecenter.deadlines import deadline_for
from servicecenter.models import OfficeHours

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d, hh, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def due(start, hours=None):
    if hours is None:  # the 2-working-hour 派工 limit from the time-limit table
        return deadline_for("ticket", "assign", start).due.astimezone(TZ)
    return workdays.add_working_hours(start, hours).astimezone(TZ)


def test_seeded_seasons_are_the_seeds_office_hours():
    rows = {o.name: (o.start_month, o.start_day, o.end_month, o.end_day,
                     o.afternoon_start, o.afternoon_end)
            for o in OfficeHours.objects.all()}
    T = dt.time
    assert rows == {"春季": (3, 1, 4, 30, T(14), T(18)),
                    "夏季": (5, 1, 9, 30, T(14, 30), T(18, 30)),
                    "冬季": (10, 1, 2, 29, T(13, 30), T(17))}
    assert {(o.morning_start, o.morning_end) for o in OfficeHours.objects.all()} == {
        (T(8), T(12))}


@pytest.mark.parametrize("day, expected", [
    ((2026, 3, 3), (15, 30)),   # spring: afternoon from 14:00
    ((2026, 6, 2), (16, 0)),    # summer: afternoon from 14:30
    ((2026, 12, 1), (15, 0)),   # winter: afternoon from 13:30
])
def test_two_hour_limit_set_at_half_past_eleven_skips_lunch(day, expected):
    start = at(*day, 11, 30)
    # half an hour before lunch, an hour and a half after it
    assert due(start) == at(*day, *expected)
    assert workdays.working_hours_between(start, due(start)) == pytest.approx(2)


def test_limit_late_on_30_september_runs_into_october_hours_after_the_holiday():
    # 30 Sep is summer (until 18:30): one hour that day; National Day (1-7 Oct) is
    # skipped; 8 Oct is winter: morning 8-12, afternoon from 13:30
    assert due(at(2026, 9, 30, 17, 30)) == at(2026, 10, 8, 9, 0)
    assert due(at(2026, 9, 30, 17, 30), 6) == at(2026, 10, 8, 14, 30)


def test_limit_late_on_30_april_runs_into_summer_hours_after_labour_day():
    # 30 Apr is spring (until 18:00); 1-5 May is the Labour Day holiday; 6 May is
    # summer: afternoon from 14:30
    assert due(at(2026, 4, 30, 17, 0)) == at(2026, 5, 6, 9, 0)
    assert due(at(2026, 4, 30, 17, 0), 6) == at(2026, 5, 6, 15, 30)


def test_edited_office_hours_apply_to_later_deadlines():
    start = at(2026, 3, 3, 11, 30)
    assert due(start) == at(2026, 3, 3, 15, 30)
    spring = OfficeHours.objects.get(name="春季")
    spring.afternoon_start = dt.time(15)
    spring.save()  # clears the cached schedule
    assert due(start) == at(2026, 3, 3, 16, 30)


def test_office_hours_must_be_in_order():
    bad = OfficeHours(name="错", start_month=3, start_day=1, end_month=4, end_day=30,
                      morning_start=dt.time(8), morning_end=dt.time(12),
                      afternoon_start=dt.time(11), afternoon_end=dt.time(18))
    with pytest.raises(ValidationError, match="上午须早于下午"):
        bad.full_clean()
    bad.afternoon_start, bad.end_day = dt.time(14), 31
    with pytest.raises(ValidationError, match="有效的月和日"):
        bad.full_clean()


def test_office_hours_are_edited_in_the_admin_beside_the_calendar(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.create_superuser("root", "", "pw"))
    index = client.get(reverse("admin:app_list", args=["servicecenter"]))
    page = index.content.decode()
    assert "作息时间" in page and "节假日与调休" in page
    summer = OfficeHours.objects.get(name="夏季")
    url = reverse("admin:servicecenter_officehours_change", args=[summer.pk])
    form = {"name": "夏季", "start_month": 5, "start_day": 1, "end_month": 9,
            "end_day": 30, "morning_start": "08:00", "morning_end": "12:00",
            "afternoon_start": "11:00", "afternoon_end": "18:30"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "上午须早于下午" in refused.content.decode()
    client.post(url, {**form, "afternoon_start": "15:00"})
    assert due(at(2026, 6, 2, 11, 30)) == at(2026, 6, 2, 16, 30)
