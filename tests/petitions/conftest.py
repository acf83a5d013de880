import pytest

from tests.petitions.factories import Flow


@pytest.fixture
def flow(clerk, leader, handler, department):
    return Flow(clerk, leader, handler, department)
