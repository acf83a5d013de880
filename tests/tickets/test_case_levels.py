"""Difficult cases escalate level by level: 1 the handler, 2 the head of the
handler's department, 3 a leader. Nobody escalates to themself, and only the person
asked records the decision."""

import pytest
from django.urls import reverse

from servicecenter.transitions import TransitionRefused, available_transitions
from tests.tickets.factories import DifficultCaseFactory
from tickets.service import cases

pytestmark = pytest.mark.django_db



@pytest.fixture
def case(handler, clerk):
    return DifficultCaseFactory(state="in_progress", handler=handler, proposed_by=clerk)


def _options(client, case, verb):
    page = client.get(reverse(f"tickets:case_{verb}", args=[case.pk]))
    return page.context["form"].fields[
        "to_user" if verb == "escalate" else "handler"].queryset


def test_escalation_offers_only_the_department_head(client, case, handler, head,
                                                    leader, manager):
    client.force_login(handler)
    assert list(_options(client, case, "escalate")) == [head]
    page = client.get(reverse("tickets:case_escalate", args=[case.pk]))
    html = page.content.decode()
    assert "第 2 级：科室负责人" in html and "孙主任" in html and ">head<" not in html


def test_level_three_offers_leaders_after_the_head_decided(case, handler, head, leader):
    case = cases.escalate_case(case, handler, to_user=head, request="请示方案")
    case = cases.decide_case(case, head, decision="同意更换设备")
    from tickets.service.case_levels import next_level

    level, people = next_level(case, handler)
    assert level == 3 and list(people) == [leader]
    with pytest.raises(TransitionRefused, match="第 3 级"):
        cases.escalate_case(case, handler, to_user=head, request="再请示")


def test_nobody_escalates_to_themself(case, handler, department, leader):
    department.head = handler  # the handler heads the department: level 2 is skipped
    department.save()
    with pytest.raises(TransitionRefused, match="不能是您本人"):
        cases.escalate_case(case, handler, to_user=handler, request="请示")
    case = cases.escalate_case(case, handler, to_user=leader, request="请示")
    assert case.level == 3 and case.escalated_to == leader


def test_only_the_person_asked_records_the_decision(case, handler, head, manager,
                                                    leader):
    case = cases.escalate_case(case, handler, to_user=head, request="请示方案")
    for other in (handler, manager, leader):
        assert "decide" not in {a["name"] for a in available_transitions(case, other)}
        with pytest.raises(TransitionRefused):
            cases.decide_case(case, other, decision="越权决定")
    assert "decide" in {a["name"] for a in available_transitions(case, head)}
    case = cases.decide_case(case, head, decision="同意")
    row = case.escalations.get()
    assert (row.level, row.decided_by, row.decision) == (2, head, "同意")


def test_decide_guard_refuses_anyone_but_the_person_asked(case, handler, head,
                                                         manager):
    case = cases.escalate_case(case, handler, to_user=head, request="请示方案")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="被请示人本人"):
        case.decide(user=manager, decision="越权")


def test_handler_picker_offers_engineers_and_handlers_only(
        client, manager, engineer, handler, clerk, leader, outsider):
    opened = DifficultCaseFactory(state="opened", proposed_by=clerk)
    client.force_login(manager)
    assert set(_options(client, opened, "assign")) == {engineer, handler}
    with pytest.raises(TransitionRefused, match="负责人须为"):
        cases.assign_case(opened, manager, handler=clerk)


def test_centre_may_name_other_roles_per_level(settings, case, handler, manager):
    settings.DIFFICULT_CASE_LEVELS = ["manager", "leader"]
    case = cases.escalate_case(case, handler, to_user=manager, request="请示")
    assert case.level == 2 and case.escalated_to == manager
