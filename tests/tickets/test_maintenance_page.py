"""The maintenance-plan page looks the customer up as intake does, and names no
internal command."""

import pytest
from django.urls import reverse

from tests.factories import PartyFactory
from tickets.models import MaintenancePlan

pytestmark = pytest.mark.django_db


def _plan(engineer, **extra):
    return {"system": "视频监控系统", "contents": "检查录像", "interval_months": 3,
            "engineer": engineer.pk, "next_due": "2026-12-20", "lead_days": 7,
            "is_active": "on", **extra}


def test_page_uses_the_intake_party_lookup_and_no_command_names(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("tickets:maintenance_plans")).content.decode()
    assert 'id="party-lookup"' in page and "js/party_lookup.js" in page
    assert 'type="number" name="party"' not in page and "客户档案编号" not in page
    assert "maintenance_sweep" not in page


def test_plan_is_created_for_the_chosen_customer(client, clerk, engineer):
    party = PartyFactory(name="红星小学")
    client.force_login(clerk)
    response = client.post(reverse("tickets:maintenance_plans"),
                           _plan(engineer, party_id=party.pk))
    assert response.status_code == 302
    assert MaintenancePlan.objects.get().party == party


def test_plan_without_a_customer_says_to_look_one_up(client, clerk, engineer):
    client.force_login(clerk)
    response = client.post(reverse("tickets:maintenance_plans"), _plan(engineer))
    assert "请先查找并选择客户" in response.content.decode()
    assert not MaintenancePlan.objects.exists()
    response = client.post(reverse("tickets:maintenance_plans"),
                           _plan(engineer, party_id="999999"))
    assert "所选档案无效" in response.content.decode()
