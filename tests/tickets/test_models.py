"""The transition × role × state matrices of ServiceTicket and DifficultCase."""

import pytest

from servicecenter.transitions import available_transitions
from tickets.models import DifficultCase, ServiceTicket
from tickets.service.permissions import SYSTEM

from .factories import DifficultCaseFactory, ServiceTicketFactory

pytestmark = pytest.mark.django_db

S = ServiceTicket.State
ROLES = ["clerk", "manager", "engineer", "other_engineer", "leader", "handler",
         "outsider"]

# What each persona may do to a REMOTE ticket assigned to `engineer`, by state.
REMOTE_MATRIX = {
    S.NEW: {"clerk": {"assign", "cancel"}, "manager": {"assign", "cancel"}},
    S.ASSIGNED: {"clerk": {"reassign", "cancel"}, "manager": {"reassign", "cancel"},
                 "engineer": {"start"}},
    S.IN_PROGRESS: {
        "clerk": {"reassign", "convert_to_onsite", "escalate"},
        "manager": {"reassign"},
        "engineer": {"convert_to_onsite", "wait_for_parts", "escalate", "resolve"},
    },
    S.AWAITING_PARTS: {"clerk": {"parts_arrived"}, "engineer": {"parts_arrived"}},
    S.ESCALATED: {},
    S.RESOLVED: {"clerk": {"reopen", "close"}},
    S.CLOSED: {},
    S.CANCELLED: {},
}


def _names(obj, user):
    return {t.name for t in obj.get_available_user_state_transitions(user)}


@pytest.mark.parametrize("state", list(REMOTE_MATRIX))
def test_remote_ticket_matrix_by_role_and_state(personas, state):
    ticket = ServiceTicketFactory(state=state, engineer=personas["engineer"])
    for role in ROLES:
        expected = REMOTE_MATRIX[state].get(role, set())
        assert _names(ticket, personas[role]) == expected, (state, role)


def test_onsite_ticket_in_progress_cannot_convert_to_onsite(personas):
    ticket = ServiceTicketFactory(state=S.IN_PROGRESS, engineer=personas["engineer"],
                                  kind=ServiceTicket.Kind.ONSITE)
    assert _names(ticket, personas["engineer"]) == {"wait_for_parts", "escalate",
                                                    "resolve"}
    assert _names(ticket, personas["clerk"]) == {"reassign", "escalate"}


def test_only_the_system_resumes_an_escalated_ticket(personas):
    ticket = ServiceTicketFactory(state=S.ESCALATED, engineer=personas["engineer"])
    assert _names(ticket, SYSTEM) == {"resume"}
    for role in ROLES:
        assert "resume" not in _names(ticket, personas[role])


def test_buttons_never_offer_the_system_transition(personas):
    ticket = ServiceTicketFactory(state=S.ESCALATED, engineer=personas["engineer"])
    assert available_transitions(ticket, SYSTEM) == []


def test_state_field_declares_every_spec_transition():
    spec = {"assign", "reassign", "start", "convert_to_onsite", "wait_for_parts",
            "parts_arrived", "escalate", "resume", "resolve", "reopen", "close",
            "cancel"}
    declared = {t.name for t in ServiceTicket._meta.get_field("state")
                .get_all_transitions(ServiceTicket)}
    assert declared == spec
    # create is the registering use case (tickets.service.services.create_ticket)
    assert ServiceTicket._meta.get_field("state").default == S.NEW


def test_state_cannot_be_assigned_directly():
    ticket = ServiceTicketFactory(state=S.NEW)
    with pytest.raises(AttributeError):
        ticket.state = S.CLOSED


def test_difficult_case_declares_its_states():
    states = [value for value, _ in DifficultCase.State.choices]
    assert states[:6] == ["proposed", "opened", "in_progress", "escalated", "resolved",
                          "archived"]


C = DifficultCase.State
CASE_MATRIX = {
    # leader heads the office (tests/conftest.py), so confirms like a department head
    C.PROPOSED: {"leader": {"open", "decline"}, "manager": {"open", "decline"}},
    C.OPENED: {"leader": {"assign"}, "manager": {"assign"}},
    C.IN_PROGRESS: {"handler": {"escalate", "resolve"}, "manager": {"resolve"}},
    # only the person asked (escalated_to: the leader) decides, no manager override
    C.ESCALATED: {"leader": {"decide"}},
    C.RESOLVED: {"clerk": {"archive"}},
    C.ARCHIVED: {},
}


@pytest.mark.parametrize("state", list(CASE_MATRIX))
def test_difficult_case_matrix_by_role_and_state(personas, state):
    case = DifficultCaseFactory(state=state, proposed_by=personas["engineer"],
                                handler=personas["handler"],
                                escalated_to=personas["leader"])
    for role in ROLES:
        expected = CASE_MATRIX[state].get(role, set())
        assert _names(case, personas[role]) == expected, (state, role)
