import pytest

from tests.conftest import _persona
from tests.matters.factories import Walk


@pytest.fixture
def head(department):
    """社会事务办公室's head, who approves (审核) its applications."""
    user = _persona("head", "handler", department, first_name="孙主任")
    department.head = user
    department.save()
    return user


@pytest.fixture
def walk(clerk, handler, head):
    return Walk(clerk, handler, head)


# levels (村 → 镇 → 县): villages, their 村代办员, the 宅基地 item and its handler
from tests.matters.levels_fixtures import (  # noqa: E402, F401
    clock_now,
    land_handler,
    other_village_clerk,
    village_clerk,
    villages,
    zhaijidi,
)
