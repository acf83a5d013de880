import datetime

import pytest
from django.utils import timezone

from repairs import services as repairs
from servicecenter import absences
from tests.repairs.factories import RepairOrderFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def b_for_a(engineer, other_engineer):
    """李工程师 (A) names 周工程师 (B) as his B."""
    return absences.set_backup(engineer, engineer, other_engineer)


@pytest.fixture
def away(b_for_a, engineer, today):
    """A is on leave for three days from today."""
    return absences.mark_absent(engineer, engineer, starts_on=today,
                                ends_on=today + datetime.timedelta(days=2),
                                reason="参加县里培训")


@pytest.fixture
def order(clerk, engineer):
    o = RepairOrderFactory(received_by=clerk)
    return repairs.assign_repair(o, clerk, engineer=engineer, expected_state="received")


@pytest.fixture
def flow(clerk, leader, handler, department):
    from tests.petitions.factories import Flow

    return Flow(clerk, leader, handler, department)
