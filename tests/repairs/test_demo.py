import io

import pytest

from repairs.models import RepairOrder
from repairs.setup import seed_repairs
from servicecenter.demo import seed

pytestmark = pytest.mark.django_db


def test_demo_seeder_creates_orders_in_several_states_once():
    seed()
    seed_repairs(io.StringIO())
    states = set(RepairOrder.objects.values_list("state", flat=True))
    assert {"received", "assigned", "repairing", "at_vendor", "ready"} <= states
    count = RepairOrder.objects.count()
    seed_repairs(io.StringIO())
    assert RepairOrder.objects.count() == count
