"""The item coding rule: 8-digit division + 2-letter department abbreviation, type
code, 4-digit serial per department and type."""

import pytest
from django.core.exceptions import ValidationError

from matters import services
from matters.codes import format_code, parse_code, validate_item_code
from matters.models import ServiceItem
from servicecenter.transitions import TransitionRefused
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["62052400MZ-XK-0001", "62052400GS-DL-0003",
                                  "62052400SW-BM-9999"])
def test_good_codes_pass(code):
    validate_item_code(code)
    assert parse_code(code)["division"] == "62052400"


@pytest.mark.parametrize("code,why", [
    ("6205240MZ-XK-0001", "7-digit division"),
    ("62052400mz-XK-0001", "lower-case department"),
    ("62052400MZX-XK-0001", "3-letter department"),
    ("62052400MZ-XK-001", "3-digit serial"),
    ("62052400MZ-XK-0000", "serial zero"),
    ("62052400MZ—XK—0001", "dashes not ASCII"),
    ("62052400MZ-ZZ-0001", "unknown type code"),
    ("", "empty"),
])
def test_bad_codes_are_refused_in_chinese(code, why):
    with pytest.raises(ValidationError) as exc:
        validate_item_code(code)
    assert any("事项" in m or "类型" in m for m in exc.value.messages), why


def test_format_code_checks_its_parts():
    assert format_code("62052400", "MZ", "XK", 1) == "62052400MZ-XK-0001"
    with pytest.raises(ValidationError):
        format_code("62052400", "民政", "XK", 1)
    with pytest.raises(ValidationError):
        format_code("62052400", "MZ", "XK", 10000)


def test_seeded_codes_follow_the_rule_and_are_unique():
    codes = list(ServiceItem.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 6
    for item in ServiceItem.objects.select_related("department"):
        validate_item_code(item.code)
        item.clean()  # agrees with its department, type and serial


def test_new_item_gets_the_next_serial_of_its_department_and_type(manager):
    dept = DepartmentFactory(code="MZS", name="民政所", abbr="MZ")
    first = services.create_item(manager, name="临时救助", item_type="permit",
                                 department=dept, promised_limit_days=20)
    second = services.create_item(manager, name="特困供养", item_type="permit",
                                  department=dept, promised_limit_days=20)
    agency = services.create_item(manager, name="代办残疾证", item_type="agency",
                                  department=dept, promised_limit_days=20)
    assert (first.code, second.code, agency.code) == (
        "62052400MZ-XK-0001", "62052400MZ-XK-0002", "62052400MZ-DL-0001")
    assert first.current_version.number == 1


def test_item_of_a_department_without_abbreviation_is_refused(manager):
    dept = DepartmentFactory(code="XX", name="无代码科室")
    with pytest.raises(TransitionRefused, match="拼音业务代码"):
        services.create_item(manager, name="某事项", item_type="permit",
                             department=dept, promised_limit_days=20)


def test_code_that_disagrees_with_the_item_fails_clean():
    item = ServiceItem.objects.get(code="62052400SW-QT-0001")
    item.code = "62052400NY-QT-0001"
    with pytest.raises(ValidationError, match="科室代码"):
        item.clean()


def test_only_managers_keep_the_catalogue(clerk):
    with pytest.raises(TransitionRefused, match="主管"):
        services.create_item(clerk, name="x", item_type="permit",
                             department=DepartmentFactory(abbr="AB"),
                             promised_limit_days=1)
