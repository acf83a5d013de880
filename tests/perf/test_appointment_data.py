"""generate_data --only appointments adds 预约 to an existing database on its own:
working days only, within each slot's capacity, today's at the benchmark clerk's
window, and the benchmark's row for the day's list."""

import json

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from loadgen.benchmark import user_with_role
from matters.appointments.queries import day_list
from matters.models import Application, Appointment
from servicecenter import workdays

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_appointments_alone_into_an_existing_database(tmp_path):
    call_command("generate_data", records=300)
    applications = Application.objects.count()
    call_command("generate_data", records=400, only="appointments")
    assert Application.objects.count() == applications  # the rest was skipped
    assert Appointment.objects.count() == 400
    assert Appointment.history.filter(history_type="+").count() == 400
    days = {timezone.localtime(s).date()
            for s in Appointment.objects.values_list("starts_at", flat=True)}
    assert all(workdays.is_workday(d) for d in days)
    full = (Appointment.objects.values("window", "starts_at").annotate(n=Count("id"))
            .order_by("-n").first())
    assert full["n"] <= 3  # the generated rule's capacity
    assert set(Appointment.objects.values_list("state", flat=True)) >= {
        "booked", "arrived", "missed", "withdrawn"}
    numbers = list(Appointment.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("YY") for n in numbers)
    clerk = user_with_role("clerk")
    if workdays.is_workday(timezone.localdate()):
        assert day_list(clerk, timezone.localdate()).count() >= 30
    out = tmp_path / "bench.json"
    call_command("benchmark", iterations=2, json=str(out), only="预约")
    rows = {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert rows["预约 appointment list today (clerk)"]["p50_ms"] > 0
