"""Follow-up calls and ratings cross app lines only through ``servicecenter.registry``:
repairs asks the registered scheduler, the sweep's safety net walks the registered
sources, the reports count the registered ratings (and show none without them)."""

import datetime

import pytest
from django.utils import timezone

from repairs.models import RepairOrder
from repairs.models.order import State as RepairState
from servicecenter import registry
from servicecenter.reports import dashboard
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import Revisit, ServiceTicket
from tickets.setup_complaint import missed_followups


@pytest.mark.django_db
def test_the_safety_net_schedules_every_registered_process_s_calls(engineer, clerk):
    now = timezone.now()
    closed = now - datetime.timedelta(days=2)
    ticket = ServiceTicketFactory(state=ServiceTicket.State.CLOSED, closed_at=closed,
                                  engineer=engineer)
    order = RepairOrderFactory(state=RepairState.CLOSED, closed_at=closed,
                               engineer=engineer, received_by=clerk)
    assert {model for model, _ in registry.followup_sources} == {ServiceTicket,
                                                                  RepairOrder}
    assert missed_followups(now) == {"followups_scheduled": 2}
    assert set(Revisit.objects.values_list("kind", "record_id")) == {
        ("service", ticket.pk), ("repair", order.pk)}
    assert missed_followups(now) == {"followups_scheduled": 0}


@pytest.mark.django_db
def test_a_repair_gets_its_call_from_the_registered_scheduler(engineer, clerk):
    order = RepairOrderFactory(state=RepairState.CLOSED, engineer=engineer,
                               received_by=clerk, closed_at=timezone.now())
    call = registry.schedule_followup(order, "repair")
    assert call == Revisit.objects.get(kind="repair", record_id=order.pk)
    assert call.engineer == engineer and call.party == order.party


def test_without_a_scheduler_or_ratings_nothing_is_scheduled_or_counted(monkeypatch):
    monkeypatch.setattr(registry, "followup_scheduler", [])
    monkeypatch.setattr(registry, "rating_sources", [])
    assert registry.schedule_followup(object(), "repair") is None
    trend = dashboard.satisfaction_trend(timezone.now())
    assert trend and all(m["n"] == 0 and m["avg"] is None for m in trend)
    assert dashboard.open_bad_ratings() == (0, [])
