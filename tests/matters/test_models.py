"""The application's transition × role × state matrix (SPEC §7, MATTERS.md)."""

import pytest
from django_fsm import can_proceed

from matters.models import Application, State
from tests.matters.factories import make_application

pytestmark = pytest.mark.django_db


def may(app, name, user) -> bool:
    """The transition's permission alone (its conditions are the services' tests)."""
    return getattr(app, name)._django_fsm.has_transition_perm(app, app.state, user)

S = State
OPEN = {S.RECEIVED, S.CORRECTION, S.ACCEPTED, S.HANDLING, S.REVIEW, S.SPECIAL,
        S.DECIDED, S.NOTIFIED,
        S.VILLAGE, S.TO_TOWN, S.COUNTY}  # levels (村 → 镇 → 县)
WINDOW = {"clerk", "other_clerk"}
CONTRACT = {
    # transition: (source states, personas allowed)
    "request_correction": ({S.RECEIVED}, WINDOW),
    "resubmit": ({S.CORRECTION}, WINDOW),
    "accept": ({S.RECEIVED}, WINDOW),
    "accept_with_waiver": ({S.RECEIVED}, WINDOW),
    "refuse": ({S.RECEIVED, S.CORRECTION}, WINDOW),
    "complete_at_once": ({S.RECEIVED}, WINDOW),
    "take": ({S.ACCEPTED}, {"handler", "head"}),
    "pause": ({S.HANDLING}, {"handler"}),
    "resume": ({S.SPECIAL}, {"handler"}),
    "submit": ({S.HANDLING}, {"handler"}),
    "send_back": ({S.REVIEW}, {"head"}),
    "decide": ({S.REVIEW}, {"head"}),
    "inform": ({S.DECIDED}, WINDOW),
    "deliver": ({S.NOTIFIED}, WINDOW),
    "withdraw": (OPEN, WINDOW),
    # levels: the village's 村代办员, the town's clerk (and the handler for the county)
    "send_to_town": ({S.VILLAGE}, {"village_clerk"}),
    "receive_from_village": ({S.TO_TOWN}, WINDOW),
    "send_to_county": ({S.HANDLING}, WINDOW | {"handler"}),
    "record_county_decision": ({S.COUNTY}, WINDOW | {"handler"}),
}


@pytest.fixture
def people(personas, head, village_clerk, other_village_clerk):
    return {**personas, "head": head, "village_clerk": village_clerk,
            "other_village_clerk": other_village_clerk}


def test_state_field_declares_every_transition_of_the_contract():
    field = Application._meta.get_field("state")
    assert {t.name for t in field.get_all_transitions(Application)} == set(CONTRACT)
    assert field.protected


def test_state_cannot_be_assigned_directly():
    app = make_application(S.RECEIVED)
    with pytest.raises(AttributeError):
        app.state = S.CLOSED


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_transition_runs_only_from_its_source_states(name):
    sources, _ = CONTRACT[name]
    for state in S.values:
        app = make_application(state)
        allowed = can_proceed(getattr(app, name), check_conditions=False)
        assert allowed == (state in sources), (name, state)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_transition_permission_by_role(name, people, handler, villages):
    sources, roles = CONTRACT[name]
    app = make_application(sorted(sources)[0], handler=handler, village=villages[0])
    for persona, user in people.items():
        allowed = may(app, name, user)
        assert allowed == (persona in roles), (name, persona)


def test_item_approver_may_decide_besides_the_head(leader, handler):
    app = make_application(S.REVIEW, handler=handler)
    assert not may(app, "decide", leader)
    app.item.approver = leader
    app.item.save()
    assert may(app, "decide", leader)


def test_clock_declares_open_paused_and_stages():
    clock = Application.clock
    assert set(clock.open) == OPEN and clock.paused == (S.SPECIAL,)
    assert clock.stage[S.RECEIVED] == "notice" and clock.due_of(S.RECEIVED) == "due_at"
    assert {s for s, st in clock.stage.items() if st == "handle"} == {
        S.ACCEPTED, S.HANDLING, S.REVIEW}
    assert S.SPECIAL not in clock.timed and S.CLOSED not in clock.open
