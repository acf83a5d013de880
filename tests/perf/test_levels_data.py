"""generate_data --only levels adds villages, their 村代办员 and 宅基地 applications
at every level with their stages to an existing database, and the benchmark measures
the town's incoming queue."""

import random

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from loadgen import levels_data, matter_bench
from matters.models import Application, ApplicationStage, State, Village
from tests.factories import PartyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
S = State


def test_levels_generator_runs_on_its_own(clerk, client):
    PartyFactory.create_batch(5)
    before = Application.objects.count()
    call_command("generate_data", only="levels", records=300)
    apps = Application.objects.filter(village__isnull=False)
    assert apps.count() == 300 and Application.objects.count() == before + 300
    assert Village.objects.count() == levels_data.VILLAGES
    states = set(apps.values_list("state", flat=True))
    assert {S.VILLAGE, S.TO_TOWN, S.COUNTY, S.CLOSED} <= states
    numbers = list(apps.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    # every application has its stages in order, the open one last
    per_app = dict(ApplicationStage.objects.values_list("application").annotate(
        n=Count("id")))
    assert set(per_app) == set(apps.values_list("pk", flat=True))
    county = apps.filter(state=S.COUNTY).first()
    assert list(county.levels.values_list("level", flat=True)) == [
        "village", "town", "county"]
    assert county.levels.get(level="county").closed_at is None
    assert county.levels.get(level="county").next_chase_on is not None
    # the benchmark's row for the town's queue, and the page answers
    names = [t.name for t in matter_bench.targets({})]
    assert "办件 town incoming-from-villages queue (clerk)" in names
    client.force_login(clerk)
    page = client.get(reverse("matters:incoming"))
    assert page.status_code == 200
    first = apps.filter(state=S.TO_TOWN).order_by("due_at", "id").first()
    assert first.number in page.content.decode()


def test_levels_generate_is_a_function_of_rng_and_count(clerk):
    PartyFactory.create_batch(2)
    assert levels_data.generate(random.Random(1), 20) > 20  # applications + stages
