"""Personas and helpers for the levels tests (村 → 镇 → 县): two villages with their
村代办员, the 宅基地 item's department with a handler."""

import pytest

from matters import services
from matters.models import Village
from tests.conftest import _persona
from tests.factories import PartyFactory
from tests.matters.factories import ZHAIJIDI, item


@pytest.fixture
def villages(db):
    return (Village.objects.create(name="城关村", code="V01"),
            Village.objects.create(name="红星村", code="V02"))


@pytest.fixture
def village_clerk(villages):
    user = _persona("village1", "village", first_name="杨秀兰")
    villages[0].staff.add(user)
    return user


@pytest.fixture
def other_village_clerk(villages):
    user = _persona("village2", "village", first_name="何永福")
    villages[1].staff.add(user)
    return user


@pytest.fixture
def zhaijidi(db):
    return item(ZHAIJIDI)


@pytest.fixture
def land_handler(zhaijidi):
    """A handler of the 宅基地 item's department (农业农村办公室)."""
    return _persona("landhandler", "handler", zhaijidi.department,
                    first_name="吴经办")


def at_village(user, it, situation="新建", **kwargs):
    situation = it.current_version.situations.get(name=situation)
    return services.receive_at_village(
        user, item=it, party=kwargs.pop("party", None) or PartyFactory(),
        situation=situation, received=list(it.current_version.materials_for(
            situation)), **kwargs)


def at_county(village_clerk, clerk, land_handler, it):
    """A 宅基地 application passed village → town → county, each level agreeing."""
    app = at_village(village_clerk, it)
    app = services.send_to_town_application(app, village_clerk, opinion="同意。")
    app = services.receive_from_village_application(app, clerk)
    app = services.take_application(services.accept_application(app, clerk),
                                    land_handler)
    return services.send_to_county_application(app, land_handler, opinion="同意。")
