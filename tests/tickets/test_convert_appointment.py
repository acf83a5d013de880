"""转上门服务 asks for the appointment; it is never taken to be "now"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PartyFactory
from tickets.models import ServiceTicket
from tickets.service import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote(clerk, engineer):
    t = services.create_ticket(clerk, party=PartyFactory(), contact_name="马老师",
                               contact_phone="13900000001", kind="remote",
                               channel="phone", problem="无法上网")
    t = services.assign_ticket(t, clerk, engineer=engineer)
    return services.start_ticket(t, engineer)


@pytest.mark.parametrize("name", ["tickets:convert_to_onsite",
                                  "tickets:tablet_convert_to_onsite"])
def test_convert_to_onsite_asks_for_the_appointment(client, engineer, remote, name):
    client.force_login(engineer)
    url = reverse(name, args=[remote.pk])
    form = client.get(url).content.decode()
    assert 'name="appointment_at"' in form and "预约上门时间" in form
    refused = client.post(url, {"expected_state": "in_progress",
                                "reason": "客户要求上门"})
    assert refused.status_code == 200
    remote.refresh_from_db()
    assert remote.state == ServiceTicket.State.IN_PROGRESS
    assert remote.appointment_at is None
    when = timezone.localtime() + datetime.timedelta(days=2)
    client.post(url, {"expected_state": "in_progress", "reason": "客户要求上门",
                      "appointment_at": when.strftime("%Y-%m-%dT%H:%M")})
    remote.refresh_from_db()
    assert remote.kind == ServiceTicket.Kind.ONSITE
    assert timezone.localtime(remote.appointment_at).strftime("%Y-%m-%d %H:%M") == (
        when.strftime("%Y-%m-%d %H:%M"))
