"""Personas and the PostgreSQL / browser gates shared by every test."""

import os

import pytest
from django.contrib.auth.models import Group

from tests.factories import DepartmentFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    require_pg = os.environ.get("REQUIRE_POSTGRES") == "1"
    for item in items:
        if item.get_closest_marker("postgres") and not on_postgres:
            if require_pg:
                item.add_marker(pytest.mark.xfail(
                    reason="REQUIRE_POSTGRES=1 but the database is not PostgreSQL",
                    run=False, strict=True))
            else:
                item.add_marker(pytest.mark.skip(
                    reason="needs PostgreSQL (DATABASE_URL)"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Per-user caches (工作台, the bell) and rate-limit counters must not leak from
    one test to the next."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Calendar rows a test adds are rolled back; so must the process cache be."""
    from servicecenter import workdays

    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture(autouse=True)
def _base_data(request):
    """Transactional tests flush the database; put the migrations' base data back."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction")
                   or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        from servicecenter.seeding import ensure_base_data

        ensure_base_data()


def _persona(username, role, department=None, **extra):
    user = UserFactory(username=username, **extra)
    user.groups.add(Group.objects.get(name=role))
    if department is not None:
        department.members.add(user)
    return user


@pytest.fixture
def office(db):
    return DepartmentFactory(code="DZB", name="党政综合办公室")


@pytest.fixture
def department(db):
    return DepartmentFactory(code="SWB", name="社会事务办公室")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(code="NYB", name="农业农村办公室")


@pytest.fixture
def clerk(office):
    return _persona("clerk", "clerk", office, first_name="王窗口")


@pytest.fixture
def other_clerk(office):
    return _persona("other_clerk", "clerk", office, first_name="赵窗口")


@pytest.fixture
def engineer(db):
    return _persona("engineer", "engineer", first_name="李工程师")


@pytest.fixture
def other_engineer(db):
    return _persona("other_engineer", "engineer", first_name="周工程师")


@pytest.fixture
def handler(department):
    return _persona("handler", "handler", department, first_name="陈经办")


@pytest.fixture
def other_handler(other_department):
    return _persona("other_handler", "handler", other_department, first_name="吴经办")


@pytest.fixture
def head(department):
    """The department's head (科室负责人), who approves its records."""
    user = _persona("head", "handler", department, first_name="孙主任")
    department.head = user
    department.save()
    return user


@pytest.fixture
def clock(monkeypatch):
    """Set "now" for the services (timezone.now is what they all read)."""
    from django.utils import timezone

    def set_now(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_now


@pytest.fixture
def leader(office):
    user = _persona("leader", "leader", office, first_name="张所长")
    office.head = user
    office.save()
    return user


@pytest.fixture
def manager(db):
    return _persona("manager", "manager", first_name="刘主管", is_staff=True)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def personas(clerk, other_clerk, engineer, other_engineer, handler, other_handler,
             leader,
             manager, outsider):
    return {
        "clerk": clerk, "other_clerk": other_clerk, "engineer": engineer,
        "other_engineer": other_engineer, "handler": handler,
        "other_handler": other_handler, "leader": leader, "manager": manager,
        "outsider": outsider,
    }
