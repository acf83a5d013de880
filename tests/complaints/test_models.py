"""Complaint transitions × roles × states, through the services the pages use."""

import pytest

from servicecenter.transitions import TransitionError, TransitionRefused
from tests.complaints.factories import make_complaint
from tickets.complaints import services
from tickets.complaints.verbs import VERBS
from tickets.models import Complaint

pytestmark = pytest.mark.django_db

STATES = ["registered", "accepted", "rejected", "handled", "reported", "archived"]
# verb: (from states, personas allowed, target) — SPEC §5; "engineer" is the
# responsible person named on acceptance.
RULES = {
    "accept": ({"registered"}, {"manager"}, "accepted"),
    "reject": ({"registered"}, {"manager"}, "rejected"),
    "handle": ({"accepted"}, {"engineer"}, "handled"),
    "report": ({"handled"}, {"clerk", "other_clerk", "manager"}, "reported"),
    "reopen": ({"reported"}, {"manager"}, "accepted"),
    "archive": ({"reported", "rejected"}, {"clerk", "other_clerk"}, "archived"),
}


def _data(verb, personas):
    return {
        "accept": {"truthfulness": "true", "reasonableness": "partly",
                   "responsible": personas["engineer"]},
        "reject": {"reason": "经核实不属实", "notified_how": "电话告知"},
        "handle": {"cause": "备件缺货", "actions": "加急调货", "result": "已修复"},
        "report": {"reported_to": "张所长"},
        "reopen": {"reason": "回访仍不满意"},
        "archive": {},
    }[verb]


def _complaint(state, p):
    return make_complaint(state, clerk=p["clerk"], manager=p["manager"],
                          responsible=p["engineer"], followup="completed")


def test_state_field_declares_every_transition_of_the_spec_table():
    field = Complaint._meta.get_field("state")
    declared = {t.name: (t.source, t.target)
                for t in field.get_all_transitions(Complaint)
                if t.name != "archive"}
    assert declared == {
        "register": ("new", "registered"), "accept": ("registered", "accepted"),
        "reject": ("registered", "rejected"), "handle": ("accepted", "handled"),
        "report": ("handled", "reported"), "reopen": ("reported", "accepted"),
    }
    archive = {t.source for t in field.get_all_transitions(Complaint)
               if t.name == "archive"}
    assert archive == {"reported", "rejected"}
    assert field.protected


def test_register_only_by_a_clerk(personas, party):
    for name, user in personas.items():
        kwargs = {"source": "hotline", "party": party, "subject": "s", "content": "c"}
        if name in ("clerk", "other_clerk"):
            c = services.register_complaint(user, **kwargs)
            assert c.state == "registered" and c.number.startswith("TS")
            assert c.due_at is not None
        else:
            with pytest.raises(TransitionRefused, match="没有权限"):
                services.register_complaint(user, **kwargs)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("verb", list(RULES))
def test_complaint_transition_matrix(verb, state, personas):
    sources, allowed, target = RULES[verb]
    complaint = _complaint(state, personas)
    for name, user in personas.items():
        if state in sources and name in allowed:
            continue
        with pytest.raises(TransitionRefused) as refused:
            VERBS[verb].service(complaint, user, **_data(verb, personas))
        assert refused.value.message  # a Chinese message, not a crash
        complaint.refresh_from_db()
        assert complaint.state == state, (verb, name)
    for name in sorted(allowed if state in sources else ()):
        fresh = _complaint(state, personas)
        done = VERBS[verb].service(fresh, personas[name], **_data(verb, personas))
        assert done.state == target, (verb, name)
        assert done.history.first().history_change_reason == verb


def test_refusal_for_missing_data_is_a_clear_message(personas):
    c = _complaint("registered", personas)
    with pytest.raises(TransitionRefused, match="真实性"):
        services.accept_complaint(c, personas["manager"], truthfulness="",
                                  reasonableness="", responsible=None)


def test_stale_form_is_told_the_record_changed(personas):
    c = _complaint("registered", personas)
    services.reject_complaint(c, personas["manager"], reason="r", notified_how="电话")
    with pytest.raises(TransitionError, match="刚被他人处理"):
        services.accept_complaint(c, personas["manager"], truthfulness="true",
                                  reasonableness="reasonable",
                                  responsible=personas["engineer"],
                                  expected_state="registered")


def test_state_cannot_be_assigned_directly(personas):
    c = _complaint("registered", personas)
    with pytest.raises(AttributeError):
        c.state = "archived"
