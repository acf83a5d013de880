import pytest

from tests.matters.factories import Walk


@pytest.fixture
def walk(clerk, handler, head):
    return Walk(clerk, handler, head)


# levels (村 → 镇 → 县): villages, their 村代办员, the 宅基地 item and its handler
from tests.matters.levels_fixtures import (  # noqa: E402, F401
    land_handler,
    other_village_clerk,
    village_clerk,
    villages,
    zhaijidi,
)
