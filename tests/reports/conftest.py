import pytest

from tests.factories import DepartmentFactory


@pytest.fixture
def tech(db):
    return DepartmentFactory(code="JSB", name="技术服务部")


@pytest.fixture
def tech_engineer(engineer, tech):
    tech.members.add(engineer)
    return engineer
