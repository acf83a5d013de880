"""Fifty people act at the same instant (PostgreSQL, real threads, one connection each).

Each test builds its record(s) first, then starts 50 threads behind a barrier so they
hit the database together. Every thread closes its own connection at the end.
"""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from servicecenter.transitions import (
    ConcurrentChange,
    TransitionError,
    TransitionRefused,
)
from tests.factories import DepartmentFactory, PartyFactory, UserFactory

THREADS = 50
CJK = range(0x4E00, 0xA000)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def staff(username, role):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def race(work, n=THREADS):
    """Run ``work(i)`` in n threads started together; (results, refusals, errors)."""
    barrier = threading.Barrier(n)
    results, refusals, errors = [], [], []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait(timeout=30)
            value = work(i)
            with lock:
                results.append(value)
        except TransitionError as exc:
            with lock:
                refusals.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assertion
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results, refusals, errors


def has_chinese(text: str) -> bool:
    return any(ord(ch) in CJK for ch in text)


def assert_one_winner(results, refusals, errors):
    assert errors == []
    assert len(results) == 1
    assert len(refusals) == THREADS - 1
    for exc in refusals:
        assert isinstance(exc, (ConcurrentChange, TransitionRefused))
        assert has_chinese(exc.message), exc.message


# --- the same transition on the same record ---------------------------------------

def test_fifty_leaders_accept_one_petition_exactly_one_wins():
    from petitions import services
    from petitions.models import Petition
    from tests.petitions.factories import Flow

    department = DepartmentFactory(code="SWB", name="社会事务办公室")
    clerk, leader = staff("c1", "clerk"), staff("l1", "leader")
    petition = Flow(clerk, leader, None, department).petition()

    def accept(i):
        stale = Petition.objects.get(pk=petition.pk)
        return services.accept_petition(stale, leader, instruction=f"批示{i}",
                                        department=department,
                                        expected_state="registered")

    results, refusals, errors = race(accept)
    assert_one_winner(results, refusals, errors)
    assert all(isinstance(e, ConcurrentChange) for e in refusals)
    petition.refresh_from_db()
    assert petition.state == "accepted"
    assert petition.instruction == results[0].instruction
    assert petition.history.filter(history_change_reason="accept").count() == 1


def test_fifty_clicks_start_one_ticket_exactly_one_wins():
    from tests.tickets.factories import ServiceTicketFactory
    from tickets.models import ServiceTicket
    from tickets.service import services

    engineer = staff("e1", "engineer")
    ticket = ServiceTicketFactory(state="assigned", engineer=engineer)

    def start(i):
        stale = ServiceTicket.objects.get(pk=ticket.pk)
        return services.start_ticket(stale, engineer, expected_state="assigned")

    results, refusals, errors = race(start)
    assert_one_winner(results, refusals, errors)
    ticket.refresh_from_db()
    assert ticket.state == "in_progress"
    assert ticket.history.filter(history_change_reason="start").count() == 1


def test_fifty_clerks_assign_one_repair_exactly_one_wins():
    from repairs import services
    from repairs.models import RepairOrder
    from tests.repairs.factories import RepairOrderFactory

    clerks = [staff(f"c{i}", "clerk") for i in range(5)]
    engineers = [staff(f"e{i}", "engineer") for i in range(5)]
    order = RepairOrderFactory(state="received", received_by=clerks[0])

    def assign(i):
        stale = RepairOrder.objects.get(pk=order.pk)
        return services.assign_repair(stale, clerks[i % 5], engineer=engineers[i % 5],
                                      expected_state="received")

    results, refusals, errors = race(assign)
    assert_one_winner(results, refusals, errors)
    order.refresh_from_db()
    assert order.state == "assigned"
    assert order.engineer_id == results[0].engineer_id
    assert order.history.filter(history_change_reason="assign").count() == 1


def test_without_expected_state_the_losers_are_refused_not_crashed():
    """A caller that does not pass the state it saw (admin action, sweep) still gets
    exactly one winner: the others find the record already moved."""
    from tests.tickets.factories import ServiceTicketFactory
    from tickets.models import ServiceTicket
    from tickets.service import services

    engineer = staff("e1", "engineer")
    ticket = ServiceTicketFactory(state="assigned", engineer=engineer)

    def start(i):
        stale = ServiceTicket.objects.get(pk=ticket.pk)
        return services.start_ticket(stale, engineer)

    results, refusals, errors = race(start)
    assert_one_winner(results, refusals, errors)
    assert ticket.history.filter(history_change_reason="start").count() == 1


# --- fifty new records at once: gapless, unique numbers ---------------------------

def assert_gapless(model, prefix, reason, results, errors):
    assert errors == []
    year = timezone.localdate().year
    numbers = sorted(model.objects.values_list("number", flat=True))
    assert numbers == [f"{prefix}{year}-{i:05d}" for i in range(1, THREADS + 1)]
    assert sorted(r.number for r in results) == numbers
    history = model.history.filter(history_type="+")
    assert history.count() == THREADS
    assert set(history.values_list("history_change_reason", flat=True)) == {reason}


def test_fifty_petitions_registered_at_once_get_gapless_numbers():
    from petitions import services
    from petitions.models import Petition

    clerk = staff("c1", "clerk")
    parties = [PartyFactory() for _ in range(THREADS)]
    received = timezone.now() - datetime.timedelta(minutes=1)

    def register(i):
        return services.register_petition(
            clerk, party=parties[i], channel="visit", received_at=received,
            subject=f"事由{i}", content="村道路面塌陷。", category="demand")

    results, refusals, errors = race(register)
    assert refusals == []
    assert_gapless(Petition, "XF", "register", results, errors)


def test_fifty_tickets_created_at_once_get_gapless_numbers():
    from tickets.models import ServiceTicket
    from tickets.service import services

    clerk = staff("c1", "clerk")
    parties = [PartyFactory() for _ in range(THREADS)]

    def create(i):
        return services.create_ticket(
            clerk, party=parties[i], contact_name="张先生", contact_phone="13900000000",
            kind="remote", channel="phone", problem=f"网络中断{i}")

    results, refusals, errors = race(create)
    assert refusals == []
    assert_gapless(ServiceTicket, "FW", "create", results, errors)


def test_fifty_repairs_received_at_once_get_gapless_numbers():
    from repairs import services
    from repairs.models import RepairOrder

    clerk = staff("c1", "clerk")
    parties = [PartyFactory() for _ in range(THREADS)]

    def receive(i):
        return services.receive_repair(
            clerk, parties[i], device_type="笔记本电脑", brand="联想",
            model_name="E14", serial_number=f"SN{i:04d}", accessories="电源",
            appearance="完好", configuration="16G", fault_description="无法开机")

    results, refusals, errors = race(receive)
    assert refusals == []
    assert_gapless(RepairOrder, "WX", "receive", results, errors)


def test_fifty_complaints_registered_at_once_get_gapless_numbers():
    from tickets.complaints import services
    from tickets.models import Complaint

    clerk = staff("c1", "clerk")
    parties = [PartyFactory() for _ in range(THREADS)]

    def register(i):
        return services.register_complaint(
            clerk, source="hotline", party=parties[i], subject=f"投诉{i}",
            content="工程师迟到")

    results, refusals, errors = race(register)
    assert refusals == []
    assert_gapless(Complaint, "TS", "register", results, errors)
