"""The transition × role × state matrix for RepairOrder (SPEC §4)."""

import pytest
from django_fsm import can_proceed

from repairs.models import RepairOrder
from repairs.models.order import State
from servicecenter.transitions import TransitionRefused, run_transition

pytestmark = pytest.mark.django_db

ALL_ROLES = {"clerk", "engineer", "other_engineer", "manager", "leader", "handler",
             "outsider"}
EXPECTED = {
    # transition: (source states, personas allowed) — "engineer" is the assigned one
    "receive": ({"new"}, {"clerk"}),
    "assign": ({"received"}, {"clerk", "manager"}),
    "start_diagnosis": ({"assigned"}, {"engineer"}),
    "diagnose": ({"diagnosing"}, {"engineer"}),
    "start_repair": ({"diagnosed"}, {"engineer"}),
    "request_dispatch": ({"diagnosed", "returned"}, {"engineer"}),
    "send_out": ({"awaiting_dispatch"}, {"clerk", "engineer"}),
    "receive_back": ({"at_vendor"}, {"clerk", "engineer"}),
    "finish_repair": ({"repairing", "returned"}, {"engineer"}),
    "pass_reinspection": ({"reinspection"}, {"engineer", "other_engineer"}),
    "fail_reinspection": ({"reinspection"}, {"engineer", "other_engineer"}),
    "declare_unrepairable": ({"diagnosed", "returned"}, {"engineer", "manager"}),
    "deliver": ({"ready", "unrepairable"}, {"clerk"}),
    "cancel": ({"received", "assigned", "diagnosed"}, {"clerk"}),
    # 改派: another engineer while one holds the order; it stays in its state
    "reassign": ({"assigned", "diagnosing", "diagnosed", "repairing",
                  "awaiting_dispatch", "at_vendor", "returned", "reinspection"},
                 {"clerk", "manager"}),
}
TARGETS = {
    "receive": "received", "assign": "assigned", "start_diagnosis": "diagnosing",
    "diagnose": "diagnosed", "start_repair": "repairing",
    "request_dispatch": "awaiting_dispatch", "send_out": "at_vendor",
    "receive_back": "returned", "finish_repair": "reinspection",
    "pass_reinspection": "ready", "fail_reinspection": "repairing",
    "declare_unrepairable": "unrepairable", "deliver": "closed", "cancel": "cancelled",
    "reassign": None,
}


def _transitions():
    return list(RepairOrder._meta.get_field("state").get_all_transitions(RepairOrder))


def test_state_field_declares_every_spec_transition():
    declared = {t.name for t in _transitions()}
    assert declared == set(EXPECTED)


def test_every_transition_goes_where_the_spec_says():
    for t in _transitions():
        assert t.target == TARGETS[t.name], t.name
        assert t.source in EXPECTED[t.name][0], (t.name, t.source)


def test_closed_only_after_reinspection_or_unrepairable_and_customer_signature():
    into = {}
    for t in _transitions():
        into.setdefault(t.target, set()).add(t.name)
    assert into["closed"] == {"deliver"}
    assert into["ready"] == {"pass_reinspection"}
    assert into["unrepairable"] == {"declare_unrepairable"}
    sources_of_deliver = {t.source for t in _transitions() if t.name == "deliver"}
    assert sources_of_deliver == {"ready", "unrepairable"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_transition_role_state_matrix(name, personas, make_order):
    sources, allowed_roles = EXPECTED[name]
    for state in State.values:
        order = make_order(state=state)
        method = getattr(order, name)
        assert can_proceed(method, check_conditions=False) == (state in sources), state
        for role in ALL_ROLES:
            user = personas[role]
            may = state in sources and method._django_fsm.has_transition_perm(
                order, state, user)
            assert may == (state in sources and role in allowed_roles), (state, role)


def test_refused_transition_says_why_in_chinese(make_order, clerk, engineer):
    order = make_order(state="assigned")
    with pytest.raises(TransitionRefused, match="您没有权限执行「开始检测」"):
        run_transition(order, "start_diagnosis", clerk)
    with pytest.raises(TransitionRefused,
                       match="当前状态「已派工」不能执行「客户取件」"):
        run_transition(order, "deliver", clerk)


def test_state_cannot_be_assigned_directly(make_order):
    order = make_order(state="ready")
    with pytest.raises(AttributeError):
        order.state = "closed"


def test_separate_inspector_setting_refuses_the_repairer(settings, make_order, engineer,
                                                       other_engineer):
    settings.REPAIR_REINSPECTION_SEPARATE_INSPECTOR = True
    order = make_order(state="reinspection", repaired_by=engineer)
    perm = order.pass_reinspection._django_fsm.has_transition_perm
    assert not perm(order, "reinspection", engineer)
    assert perm(order, "reinspection", other_engineer)
    settings.REPAIR_REINSPECTION_SEPARATE_INSPECTOR = False
    assert perm(order, "reinspection", engineer)
