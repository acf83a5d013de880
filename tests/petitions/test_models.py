"""The transition × role × state matrix of SPEC §2, and the refusal messages."""

import pytest
from django_fsm import can_proceed

from petitions.models import Petition
from petitions.models.choices import State
from servicecenter.transitions import TransitionRefused, run_transition

pytestmark = pytest.mark.django_db

SPEC_TABLE = {
    # transition: (source state, roles allowed)
    "accept": ("registered", {"leader"}),
    "decline": ("registered", {"leader"}),
    "transfer": ("registered", {"leader"}),
    "mark_duplicate": ("registered", {"clerk", "other_clerk", "leader"}),
    "sign": ("accepted", {"handler"}),
    "return_to_office": ("accepted", {"handler"}),
    "report_result": ("in_progress", {"handler"}),
    "send_back": ("result_reported", {"clerk", "other_clerk", "leader"}),
    "reply": ("result_reported", {"clerk", "other_clerk"}),
    "close": ("replied", {"clerk", "other_clerk"}),
    "request_review": ("replied", {"clerk", "other_clerk"}),
    "record_review": ("under_review", {"clerk", "other_clerk"}),
    "request_re_review": ("closed", {"clerk", "other_clerk"}),
    "record_re_review": ("under_re_review", {"clerk", "other_clerk"}),
    # 改派 within the department: its head (the fixtures' department has none) or a
    # leader, while the petition is with a handler
    "reassign": (("accepted", "in_progress"), {"leader"}),
}


def test_state_field_declares_every_transition_of_the_spec():
    field = Petition._meta.get_field("state")
    declared = {t.name for t in field.get_all_transitions(Petition)}
    assert declared == set(SPEC_TABLE)
    assert field.protected


def test_state_cannot_be_assigned_directly(flow):
    petition = flow.petition()
    with pytest.raises(AttributeError):
        petition.state = State.CLOSED


@pytest.fixture
def by_state(flow):
    return {state: flow.petition(state) for state in State.values}


def _allowed(petition, name, user):
    method = getattr(petition, name)
    current = petition.state
    return (can_proceed(method, check_conditions=False)
            and method._django_fsm.has_transition_perm(petition, current, user))


def test_matrix_every_transition_only_where_the_spec_allows(by_state, personas):
    mismatches = []
    for name, (source, roles) in SPEC_TABLE.items():
        for state, petition in by_state.items():
            for role, user in personas.items():
                sources = {source} if isinstance(source, str) else set(source)
                expected = state in sources and role in roles
                if _allowed(petition, name, user) != expected:
                    mismatches.append((name, state, role, expected))
    assert mismatches == []


@pytest.mark.parametrize("name", ["accept", "decline", "transfer"])
def test_leader_decisions_refused_for_clerk_with_message(flow, clerk, department, name):
    petition = flow.petition()
    with pytest.raises(TransitionRefused) as exc:
        run_transition(petition, name, clerk, instruction="x", department=department)
    assert exc.value.message == f"您没有权限执行「{_label(name)}」。"
    assert Petition.objects.get(pk=petition.pk).state == State.REGISTERED


def _label(name):
    from servicecenter.transitions import transition_label

    return transition_label(Petition, name)


def test_reply_refused_before_result_is_reported(flow, clerk):
    petition = flow.petition("in_progress")
    with pytest.raises(TransitionRefused) as exc:
        run_transition(petition, "reply", clerk, reply_method="书面答复")
    assert exc.value.message == "当前状态「办理中」不能执行「答复信访人」。"


def test_missing_data_is_refused_in_chinese(flow, leader, department):
    petition = flow.petition()
    with pytest.raises(TransitionRefused) as exc:
        run_transition(petition, "accept", leader, instruction="",
                       department=department)
    assert "领导批示" in exc.value.message


def test_re_review_needs_a_review_first(flow, clerk):
    petition = flow.petition("replied")
    petition = run_transition(petition, "close", clerk)
    with pytest.raises(TransitionRefused) as exc:
        run_transition(petition, "request_re_review", clerk)
    assert "只有经过复查后办结" in exc.value.message


def test_concluded_is_final(flow, personas):
    petition = flow.petition("concluded")
    for user in personas.values():
        assert petition.get_available_user_state_transitions(user) is not None
        assert list(petition.get_available_user_state_transitions(user)) == []
