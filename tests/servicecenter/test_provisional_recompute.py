"""Provisional (暂定) deadlines are recomputed when a year's calendar is confirmed
(SPEC 1.4, issue 17 item 4). 2027 is not in chinese-calendar: until an administrator
enters the State Council's days, Monday–Friday stands in and deadlines are 暂定."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from petitions import services as petition_services
from repairs.models import RepairOrder
from servicecenter import workdays
from servicecenter.models import CalendarDay, CalendarYear
from servicecenter.timeline import history_entries
from tests.factories import PartyFactory
from tests.repairs.factories import RepairOrderFactory
from tickets.complaints import services as complaint_services
from tickets.models import ServiceTicket
from tickets.service import services as ticket_services

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
D = dt.date

# A State Council notice as it might read for 2027: 元旦 1 Jan; 春节 5-11 Feb (除夕
# to 初六, seven days) with Saturday 13 Feb a working day (调休).
NOTICE_2027 = [(D(2027, 1, 1), False, "元旦")] + [
    (D(2027, 2, d), False, "春节") for d in range(5, 12)] + [
    (D(2027, 2, 13), True, "春节调休")]


def at(m, d, hh, mm=0):
    return dt.datetime(2027, m, d, hh, mm, tzinfo=TZ)


def end_of(m, d):
    return dt.datetime(2027, m, d, 23, 59, 59, tzinfo=TZ)


def _enter_days():
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=day, is_workday=w, name=n) for day, w, n in NOTICE_2027])


@pytest.fixture
def records(clerk, engineer):
    party = PartyFactory()
    # 2 working hours from Thursday 4 Feb 16:30 (winter: until 17:00)
    assign = ticket_services.create_ticket(
        clerk, party=party, contact_name="王经理", contact_phone="13800000001",
        kind=ServiceTicket.Kind.REMOTE, channel=ServiceTicket.Channel.PHONE,
        problem="打印机无法联网", created_at=at(2, 4, 16, 30))
    # accept within 15 calendar days of Sunday 24 Jan: Monday 8 Feb
    petition = petition_services.register_petition(
        clerk, party=party, channel="visit", received_at=at(1, 24, 10),
        subject="道路维修", content="村口道路破损", category="suggestion")
    # diagnose within 2 working days of Wednesday 3 Feb
    repair = RepairOrderFactory(party=party, received_by=clerk,
                                received_at=at(2, 3, 10))
    repair._set_due("diagnose", repair.received_at)
    repair.save()
    # resolve a remote ticket within 2 working days of Wednesday 3 Feb
    remote = ticket_services.create_ticket(
        clerk, party=party, contact_name="李会计", contact_phone="13800000002",
        kind=ServiceTicket.Kind.REMOTE, channel=ServiceTicket.Channel.PHONE,
        problem="财务软件无法登录", created_at=at(2, 3, 10))
    remote = ticket_services.assign_ticket(remote, clerk, engineer=engineer)
    # accept or reject a complaint within 1 working day of Thursday 4 Feb
    complaint = complaint_services.register_complaint(
        clerk, source="hotline", party=party, subject="上门不及时",
        content="预约后工程师未按时到达", received_at=at(2, 4, 10))
    return {"ticket": assign, "petition": petition, "repair": repair,
            "remote": remote, "complaint": complaint}


def test_records_due_in_unconfirmed_2027_are_provisional(records):
    assert records["ticket"].due_at == at(2, 5, 9, 30)
    assert records["petition"].due_at == end_of(2, 8)
    assert records["repair"].due_at == end_of(2, 5)
    assert records["remote"].due_at == records["complaint"].due_at == end_of(2, 5)
    assert all(r.due_provisional for r in records.values())


def _reload(records):
    return {k: type(r).objects.get(pk=r.pk) for k, r in records.items()}


def _assert_recomputed(records):
    r = _reload(records)
    # half an hour on 4 Feb, then the holiday; 12 Feb is the first working day
    assert r["ticket"].due_at == at(2, 12, 9, 30)
    # 8 Feb is a holiday: the calendar-day deadline moves to Friday 12 Feb
    assert r["petition"].due_at == r["petition"].accept_due_at == end_of(2, 12)
    # 4 Feb, then 12 Feb
    assert r["repair"].due_at == r["remote"].due_at == end_of(2, 12)
    # 12 Feb is the first working day after 4 Feb
    assert r["complaint"].due_at == end_of(2, 12)
    for record in r.values():
        assert not record.due_provisional
        last = history_entries(record)[-1]
        assert last.label == "节假日确认后重算时限"
        assert "（暂定）" in last.remark and record.history.first().history_user is None
    return r


def test_confirming_2027_in_the_admin_recomputes_provisional_deadlines(
        client, records, django_capture_on_commit_callbacks):
    _enter_days()
    admin = get_user_model().objects.create_superuser("root", "", "pw")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:servicecenter_calendaryear_add"),
                               {"year": 2027, "source": "国办发明电〔2026〕X号"},
                               follow=True)
    assert response.status_code == 200
    assert CalendarYear.objects.filter(year=2027).exists()
    _assert_recomputed(records)


def test_sweep_command_option_recomputes_and_a_second_run_changes_nothing(records):
    _enter_days()
    CalendarYear.objects.create(year=2027, source="国务院办公厅通知")
    call_command("sweep", "--recompute-year", "2027", stdout=open("/dev/null", "w"))
    r = _assert_recomputed(records)
    rows = {k: v.history.count() for k, v in r.items()}
    call_command("sweep", "--recompute-year", "2027", stdout=open("/dev/null", "w"))
    assert {k: v.history.count() for k, v in _reload(records).items()} == rows


def test_closed_records_are_left_alone(records):
    closed = records["repair"]
    RepairOrder.objects.filter(pk=closed.pk).update(state="closed")
    _enter_days()
    CalendarYear.objects.create(year=2027)
    from servicecenter.recompute import recompute_year

    assert recompute_year(2027) == 4
    assert RepairOrder.objects.get(pk=closed.pk).due_at == end_of(2, 5)
    assert not workdays.is_workday(D(2027, 2, 8))
    assert workdays.is_workday(D(2027, 2, 13))
