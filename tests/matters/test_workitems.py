"""The 工作台 says what the window or the department does next with each 办件."""

import pytest

from matters.models import State
from matters.workitems import application_work_items
from tests.matters.factories import make_application

pytestmark = pytest.mark.django_db


def _todo(user) -> dict:
    return {w.number: w.reason for w in application_work_items(user)}


def test_each_window_state_names_its_own_next_step(clerk):
    apps = {state: make_application(state, first_receiver=clerk)
            for state in (State.RECEIVED, State.CORRECTION, State.DECIDED,
                          State.NOTIFIED)}
    todo = _todo(clerk)
    assert {state: todo[a.number] for state, a in apps.items()} == {
        State.RECEIVED: "待受理", State.CORRECTION: "待补正收件",
        State.DECIDED: "待办结告知", State.NOTIFIED: "待送达"}


def test_the_department_sees_what_to_take_and_what_it_handles(handler):
    department = make_application(State.RECEIVED).department
    department.members.add(handler)
    to_take = make_application(State.ACCEPTED)
    handling = make_application(State.HANDLING, handler=handler)
    todo = _todo(handler)
    assert todo[to_take.number] == "待承办"
    assert todo[handling.number] == "办理中"
