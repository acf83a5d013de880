import pytest

from tests.factories import DepartmentFactory, PartyFactory


@pytest.fixture
def tech_department(db):
    return DepartmentFactory(code="JSFW", name="技术服务部")


@pytest.fixture
def party(db):
    return PartyFactory(name="张建国", phone="13800138001")


@pytest.fixture
def questions(db):
    from tickets.revisit_script import ensure_questions

    ensure_questions()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The personas hash a password each; a fast hasher keeps the matrix quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
