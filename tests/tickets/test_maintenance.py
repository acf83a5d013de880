"""Periodic maintenance: the sweep opens exactly one visit per due plan; the record
is signed by both sides; an unfixed problem becomes a special-service ticket."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from servicecenter.transitions import TransitionRefused
from tickets.models import MaintenanceRecord, ServiceTicket, Signature
from tickets.service import maintenance, services

from .factories import MaintenancePlanFactory

pytestmark = pytest.mark.django_db


def test_sweep_twice_creates_exactly_one_ticket_per_due_plan(engineer):
    today = timezone.localdate()
    due = MaintenancePlanFactory(engineer=engineer,
                                 next_due=today + datetime.timedelta(3))
    due2 = MaintenancePlanFactory(engineer=engineer,
                                  next_due=today - datetime.timedelta(1))
    MaintenancePlanFactory(engineer=engineer, next_due=today + datetime.timedelta(30))
    MaintenancePlanFactory(engineer=engineer, next_due=today, is_active=False)
    out = io.StringIO()
    call_command("maintenance_sweep", stdout=out)
    call_command("maintenance_sweep", stdout=out)
    tickets = ServiceTicket.objects.filter(maintenance_plan__isnull=False)
    assert sorted(t.maintenance_plan_id for t in tickets) == sorted([due.pk, due2.pk])
    ticket = tickets.get(maintenance_plan=due)
    assert ticket.kind == "onsite" and ticket.channel == "maintenance"
    assert ticket.state == ServiceTicket.State.NEW and ticket.created_by is None
    assert ticket.maintenance_due == today + datetime.timedelta(3)
    due.refresh_from_db()
    assert due.next_due > today + datetime.timedelta(60)
    assert "新生成 0 张" in out.getvalue()


def test_following_due_keeps_month_end(engineer):
    plan = MaintenancePlanFactory.build(next_due=datetime.date(2026, 11, 30),
                                        interval_months=3)
    assert plan.following_due() == datetime.date(2027, 2, 28)


def _maintenance_in_progress(clerk, engineer):
    plan = MaintenancePlanFactory(engineer=engineer, next_due=timezone.localdate())
    ticket = maintenance.sweep()[0]
    ticket = services.assign_ticket(ticket, clerk, engineer=plan.engineer,
                                    appointment_at=timezone.now())
    return services.start_ticket(ticket, engineer)


def test_maintenance_record_signed_by_both_and_memo_becomes_special(
        clerk, engineer, signature_png, client):
    ticket = _maintenance_in_progress(clerk, engineer)
    record = maintenance.record_maintenance(
        ticket, engineer, checklist="检查录像存储：正常",
        findings="摄像头2镜头污损，已清洁",
        memo="3号交换机端口老化，需更换", customer_name="马老师",
        customer_signature=signature_png, engineer_signature=signature_png)
    roles = sorted(Signature.objects.filter(object_id=record.pk)
                   .values_list("role", flat=True))
    assert roles == ["customer", "engineer"]
    special = record.special_ticket
    assert special.channel == "special" and special.source_ticket == ticket
    assert "端口老化" in special.problem
    client.force_login(clerk)
    response = client.get(f"/tickets/{ticket.pk}/maintenance/pdf/")
    assert response["Content-Type"] == "application/pdf"


def test_maintenance_record_requires_both_signatures(clerk, engineer, signature_png):
    ticket = _maintenance_in_progress(clerk, engineer)
    with pytest.raises(TransitionRefused, match="双方签字"):
        maintenance.record_maintenance(
            ticket, engineer, checklist="x", customer_name="马老师",
            customer_signature=signature_png, engineer_signature="")
    assert not MaintenanceRecord.objects.exists()


def test_maintenance_record_form_on_tablet(client, clerk, engineer, signature_png):
    ticket = _maintenance_in_progress(clerk, engineer)
    client.force_login(engineer)
    page = client.get(f"/tickets/{ticket.pk}/tablet/maintenance/").content.decode()
    assert "检查录像存储：正常" in page and "工程师签字" in page
    client.post(f"/tickets/{ticket.pk}/tablet/maintenance/", {
        "checklist": "全部正常", "customer_name": "马老师",
        "customer_signature": signature_png, "engineer_signature": signature_png})
    assert MaintenanceRecord.objects.get().ticket == ticket
