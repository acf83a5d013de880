"""generate_data fills every process model in several states with history rows;
benchmark runs and writes its JSON rows."""

import json

import pytest
from django.core.management import call_command

from petitions.models import Petition
from repairs.models import RepairOrder
from tickets.models import Complaint, DifficultCase, Revisit, ServiceTicket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_generate_data_and_benchmark(tmp_path):
    call_command("generate_data", records=2000)
    for model in (Petition, ServiceTicket, Complaint, Revisit, RepairOrder, DifficultCase):
        states = set(model.objects.values_list("state", flat=True))
        assert len(states) >= 3, (model, states)
        assert model.history.count() >= model.objects.count() > 0
    numbers = list(Petition.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    out = tmp_path / "bench.json"
    call_command("benchmark", iterations=2, json=str(out), only="list")
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows
    for row in rows:
        assert {"name", "records", "p50_ms", "p95_ms", "queries"} <= row.keys()
