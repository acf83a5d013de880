"""generate_data fills every process model in several states with history rows;
benchmark runs and writes its JSON rows."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions.models import Petition
from repairs.models import RepairOrder
from tickets.followups import BANDS
from tickets.models import Complaint, DifficultCase, Revisit, ServiceTicket
from tickets.setup_complaint import missed_followups

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_generate_data_and_benchmark(tmp_path):
    call_command("generate_data", records=2000)
    for model in (Petition, ServiceTicket, Complaint, Revisit, RepairOrder,
                  DifficultCase):
        states = set(model.objects.values_list("state", flat=True))
        assert len(states) >= 3, (model, states)
        assert model.history.count() >= model.objects.count() > 0
    # every recent close has its follow-up call, as the app schedules one on close: the
    # sweep's safety net finds nothing to catch up
    recent = timezone.now() - datetime.timedelta(days=15)
    assert RepairOrder.objects.filter(state="closed", closed_at__gte=recent).exists()
    assert missed_followups(timezone.now()) == {"followups_scheduled": 0}
    assert Revisit.objects.filter(kind="repair").exists()
    bands = set(Revisit.objects.exclude(last_band="")
                .values_list("last_band", flat=True))
    assert bands and bands <= set(BANDS)
    numbers = list(Petition.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    out = tmp_path / "bench.json"
    call_command("benchmark", iterations=2, json=str(out), only="list")
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows
    for row in rows:
        assert {"name", "records", "p50_ms", "p95_ms", "queries"} <= row.keys()
