"""Scheduling follow-up calls on the working-day calendar, exactly once."""

import datetime
import threading

import pytest
from django.db import connection

from servicecenter.models import TimeLimit
from tests.complaints.factories import at, make_complaint, make_revisit
from tests.factories import PartyFactory
from tickets.followups import schedule_followup
from tickets.models import Revisit

pytestmark = pytest.mark.django_db


def test_closing_a_service_across_national_day_2026_uses_working_days():
    # closed Tue 29 Sep 2026: 1–7 Oct are holidays, Sat 10 Oct is a 调休 working day
    revisit = make_revisit("service", at(2026, 9, 29, 16))
    assert revisit.window_start == datetime.date(2026, 10, 14)  # 7th working day
    assert revisit.window_end == datetime.date(2026, 10, 26)  # 15th working day
    assert revisit.window_provisional is False
    assert revisit.state == "scheduled" and revisit.number.startswith("HF")


def test_repair_uses_the_same_7_to_15_working_day_window():
    # Wed 6 May 2026, after Labour Day; Sat 9 May is a 调休 working day
    revisit = make_revisit("repair", at(2026, 5, 6))
    assert (revisit.window_start, revisit.window_end) == (
        datetime.date(2026, 5, 14), datetime.date(2026, 5, 26))


def test_window_follows_the_time_limit_table():
    TimeLimit.objects.filter(process="revisit", stage="service_to").update(amount=10)
    revisit = make_revisit("service", at(2026, 5, 11))
    assert revisit.window_end == datetime.date(2026, 5, 25)


def test_a_year_without_confirmed_calendar_gives_a_provisional_window():
    assert make_revisit("service", at(2027, 3, 1)).window_provisional is True


def test_scheduling_twice_creates_no_duplicate():
    party, record = PartyFactory(), PartyFactory()
    first = schedule_followup(record, "service", at(2026, 5, 11), party=party)
    second = schedule_followup(record, "service", at(2026, 5, 12), party=party)
    assert first.pk == second.pk
    assert Revisit.objects.filter(record_id=record.pk, kind="service").count() == 1
    # another kind for the same record is another call
    again = schedule_followup(record, "repair", at(2026, 5, 11), party=party)
    assert again.pk != first.pk


def test_database_refuses_a_second_call_for_the_same_record_and_kind():
    from django.db import IntegrityError, transaction

    revisit = make_revisit("service", at(2026, 5, 11))
    copy = Revisit(kind="service", party=revisit.party, record_type=revisit.record_type,
                   record_id=revisit.record_id, closed_at=revisit.closed_at,
                   window_start=revisit.window_start, window_end=revisit.window_end,
                   number="HF2026-99999")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_handling_a_complaint_schedules_one_call_3_to_7_days_later(personas):
    c = make_complaint("handled", clerk=personas["clerk"], manager=personas["manager"],
                       responsible=personas["engineer"])
    calls = Revisit.objects.filter(kind="complaint", record_id=c.pk)
    assert calls.count() == 1
    call = calls.get()
    handled = c.handled_at.astimezone(at(2026, 1, 1).tzinfo).date()
    assert call.window_start >= handled + datetime.timedelta(days=3)
    assert call.window_end >= handled + datetime.timedelta(days=7)
    assert call.engineer == personas["engineer"] and call.record == c


def test_complaint_window_in_calendar_days():
    revisit = make_revisit("complaint", at(2026, 5, 11))  # Monday
    assert (revisit.window_start, revisit.window_end) == (
        datetime.date(2026, 5, 14), datetime.date(2026, 5, 18))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_scheduling_creates_exactly_one_call():
    party, record = PartyFactory(), PartyFactory()
    barrier, results, errors = threading.Barrier(4), [], []

    def worker():
        try:
            barrier.wait()
            results.append(schedule_followup(record, "service", at(2026, 5, 11),
                                             party=party).pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1
    assert Revisit.objects.filter(record_id=record.pk).count() == 1
