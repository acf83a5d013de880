"""The deadline sweep on a fixture spanning National Day 2026."""

import datetime as dt

import pytest
from django.core.management import call_command

from petitions.models import Petition
from servicecenter import sweep
from servicecenter.models import Notification
from tests.petitions.factories import Flow
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import ServiceTicket

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 10, 8, 10, 0, tzinfo=TZ)  # first working day after the holiday
S = ServiceTicket.State


def at(month, day, hour=17):
    return dt.datetime(2026, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def tickets(engineer, clerk):
    def make(name, state, due):
        return ServiceTicketFactory(number=f"FW2026-{name}", state=state, due_at=due,
                                    engineer=engineer, created_by=clerk)

    return {
        # due before the holiday: 1 working day overdue on 10-08 — chased, not escalated
        "late": make("00001", S.IN_PROGRESS, at(9, 30)),
        # due 09-28: three working days overdue (09-29, 09-30, 10-08) — escalated
        "later": make("00002", S.IN_PROGRESS, at(9, 28, 10)),
        # due on 10-09, the next working day — reminded
        "soon": make("00003", S.ASSIGNED, at(10, 9, 12)),
        # due on the 调休 Saturday 10-10: beyond the one-working-day reminder window
        "saturday": make("00004", S.ASSIGNED, at(10, 10, 12)),
        # clock paused while awaiting parts: never overdue
        "paused": make("00005", S.AWAITING_PARTS, at(9, 20)),
        "closed": make("00006", S.CLOSED, at(9, 1)),
    }


def _notices(record, kind):
    return Notification.objects.filter(object_id=record.pk, kind=kind,
                                       content_type__model=record._meta.model_name)


def test_exactly_the_right_records_become_overdue(tickets, settings):
    sweep.run(NOW)
    flagged = set(ServiceTicket.objects.filter(marked_overdue=True)
                  .values_list("number", flat=True))
    assert flagged == {"FW2026-00001", "FW2026-00002"}


def test_chase_reminder_and_escalation_each_sent_once(tickets, engineer, manager):
    first = sweep.run(NOW)
    second = sweep.run(NOW)
    assert first["tickets.ServiceTicket"]["chase"] == 2
    assert first["tickets.ServiceTicket"]["reminder"] == 1
    assert first["tickets.ServiceTicket"]["escalation"] == 1
    assert all(v == 0 for k, v in second["tickets.ServiceTicket"].items())
    assert _notices(tickets["late"], "chase").get().recipient == engineer
    assert not _notices(tickets["late"], "escalation").exists()
    assert _notices(tickets["later"], "escalation").get().recipient == manager
    assert _notices(tickets["soon"], "reminder").get().recipient == engineer
    for quiet in ("saturday", "paused", "closed"):
        assert not Notification.objects.filter(object_id=tickets[quiet].pk).exists()


def test_escalation_threshold_is_configurable(tickets, manager, settings):
    settings.SWEEP_ESCALATE_AFTER_WORKDAYS = 1
    sweep.run(NOW)
    assert _notices(tickets["late"], "escalation").exists()


def test_moved_deadline_clears_the_overdue_flag(tickets):
    sweep.run(NOW)
    late = ServiceTicket.objects.get(pk=tickets["late"].pk)
    assert late.marked_overdue
    late.due_at = at(10, 20)
    late.save()  # a save: the day's later sweeps see it through its history row
    report = sweep.run(NOW + dt.timedelta(minutes=5))
    assert report["tickets.ServiceTicket"]["full"] is False
    assert not ServiceTicket.objects.get(pk=tickets["late"].pk).marked_overdue


def test_later_sweeps_of_the_day_catch_deadlines_that_pass_meanwhile(tickets,
                                                                      engineer):
    first = sweep.run(NOW)
    assert first["tickets.ServiceTicket"]["full"] is True
    # due at 12:00 tomorrow: reminded at 10:00 today, overdue after noon tomorrow
    later = sweep.run(dt.datetime(2026, 10, 9, 12, 30, tzinfo=TZ))
    assert later["tickets.ServiceTicket"]["full"] is True  # a new day: all of it
    assert later["tickets.ServiceTicket"]["chase"] == 1
    soon = ServiceTicketFactory(number="FW2026-00007", state=S.ASSIGNED,
                                engineer=engineer, due_at=at(10, 9, 13))
    chased = sweep.run(dt.datetime(2026, 10, 9, 13, 30, tzinfo=TZ))
    assert chased["tickets.ServiceTicket"]["full"] is False
    assert chased["tickets.ServiceTicket"]["chase"] == 1
    assert _notices(soon, "chase").get().recipient == engineer
    assert ServiceTicket.objects.get(pk=soon.pk).marked_overdue


def test_a_record_saved_overdue_is_chased_by_the_next_sweep(tickets, engineer,
                                                            manager):
    sweep.run(NOW)
    backdated = ServiceTicketFactory(number="FW2026-00008", state=S.IN_PROGRESS,
                                     engineer=engineer, due_at=at(9, 28, 12))
    report = sweep.run(NOW + dt.timedelta(minutes=5))["tickets.ServiceTicket"]
    assert report["full"] is False and report["chase"] == 1
    assert report["escalation"] == 1  # 3 working days late already
    assert _notices(backdated, "chase").exists()


def test_a_bulk_update_waits_for_the_days_first_sweep(tickets, engineer):
    """What no save records (an UPDATE of many rows) the incremental sweeps of the
    day do not see; the next day's first sweep, or ``full``, looks at everything."""
    sweep.run(NOW)
    quiet = tickets["saturday"]
    ServiceTicket.objects.filter(pk=quiet.pk).update(due_at=at(9, 30))
    # the history rows of the fixture are dated now (November), after NOW: age them
    ServiceTicket.history.update(history_date=NOW - dt.timedelta(days=1))
    later = sweep.run(NOW + dt.timedelta(minutes=5))
    assert later["tickets.ServiceTicket"]["chase"] == 0
    assert not _notices(quiet, "chase").exists()
    assert sweep.run(NOW + dt.timedelta(minutes=6), full=True)[
        "tickets.ServiceTicket"]["chase"] == 1
    assert _notices(quiet, "chase").exists()


def test_unassigned_department_petition_chases_the_department_head(
        clerk, leader, handler, department):
    department.head = handler
    department.save()
    flow = Flow(clerk, leader, handler, department)
    petition = flow.petition("accepted", received_at=NOW - dt.timedelta(days=90))
    Petition.objects.filter(pk=petition.pk).update(due_at=at(9, 30))
    sweep.run(NOW)
    assert _notices(petition, "chase").get().recipient == handler
    assert Petition.objects.get(pk=petition.pk).marked_overdue


def test_one_command_runs_the_sweep_twice_without_new_notices(tickets, capsys):
    call_command("sweep")
    count = Notification.objects.count()
    call_command("sweep")
    assert Notification.objects.count() == count
    assert '"seconds"' in capsys.readouterr().out


def test_a_new_department_head_is_chased_the_same_day(clerk, leader, handler,
                                                      department):
    """No one named and no head: nobody to chase. The head named later in the day
    is chased by the next sweep, though the petition itself was not saved."""
    flow = Flow(clerk, leader, handler, department)
    petition = flow.petition("accepted", received_at=NOW - dt.timedelta(days=90))
    Petition.objects.filter(pk=petition.pk).update(due_at=at(9, 30))
    Petition.history.update(history_date=NOW - dt.timedelta(days=1))
    assert sweep.run(NOW)["petitions.Petition"]["chase"] == 0
    department.head = handler
    department.save()
    report = sweep.run(NOW + dt.timedelta(minutes=5))["petitions.Petition"]
    assert report["full"] is True and report["chase"] == 1
    assert _notices(petition, "chase").get().recipient == handler
