"""Every intake and transition form under random and hostile input (hypothesis).

Run on PostgreSQL to catch what SQLite forgives (NUL bytes, overlong strings, numbers
out of range). See ``fuzz.check_form`` for what each post must satisfy.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PartyFactory

from .fuzz import MAX_UPLOAD, check_form, good_png

pytestmark = pytest.mark.django_db
NOW = lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M")  # noqa: E731
TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731


@pytest.fixture(autouse=True)
def _small_uploads(settings):
    settings.ATTACHMENT_MAX_BYTES = MAX_UPLOAD


def party_fields():
    return {"party-kind": "person", "party-name": "新群众", "party-phone": "13711112222",
            "party-id_number": "", "party-village": "城关村", "party-address": "",
            "party-organisation": "", "party-phone2": ""}


# --- petitions ---------------------------------------------------------------------

@pytest.fixture
def flow(clerk, leader, handler, department):
    from tests.petitions.factories import Flow

    return Flow(clerk, leader, handler, department)


def test_petition_register_with_a_new_party(client, clerk):
    client.force_login(clerk)
    check_form(client, reverse("petitions:register"), {
        "channel": "visit", "received_at": NOW(), "category": "demand",
        "subject": "道路破损", "content": "村道塌陷", "headcount": "1",
        "representatives": "", "place": "城关村", "party_id": "", **party_fields()},
        files={"scan": lambda: good_png("scan.png")}, examples=30)


def test_petition_register_for_a_known_party_as_group_visit(client, clerk):
    party = PartyFactory()
    client.force_login(clerk)
    check_form(client, reverse("petitions:register"), {
        "channel": "visit", "received_at": NOW(), "category": "demand",
        "subject": "集体反映", "content": "征地补偿", "headcount": "8",
        "representatives": "张三 13800000001\n李四 13800000002", "place": "",
        "party_id": str(party.pk)}, examples=25)


@pytest.mark.parametrize("line", [
    "字" * 300 + " 13800000001", "张三 " + "1" * 100, "张三 电话号码", "张\x00三 13800000001"])
def test_petition_group_visit_representatives_bad_lines(line, client, clerk):
    party = PartyFactory()
    client.force_login(clerk)
    check_form(client, reverse("petitions:register"), {
        "channel": "visit", "received_at": NOW(), "category": "demand",
        "subject": "集体反映", "content": "征地补偿", "headcount": "8",
        "representatives": f"李四 13800000002\n{line}", "place": "",
        "party_id": str(party.pk)}, examples=1, sweep=False)


PETITION_FORMS = {
    # verb: (state, persona, valid data)
    "decide": ("registered", "leader", lambda w: {
        "decision": "accept", "instruction": "请核实", "department": w["dept"].pk,
        "handler": "", "reason": "", "route": "", "route_detail": "",
        "receiving_body": ""}),
    "decide_decline": ("registered", "leader", lambda w: {
        "decision": "decline", "instruction": "", "reason": "属劳动争议",
        "route": "arbitration", "route_detail": "县劳动仲裁委"}),
    "decide_transfer": ("registered", "leader", lambda w: {
        "decision": "transfer", "receiving_body": "县自然资源局", "instruction": ""}),
    "mark_duplicate": ("registered", "clerk", lambda w: {"original": w["other"].number}),
    "sign": ("accepted", "handler", lambda w: {"remark": "已签收"}),
    "return_to_office": ("accepted", "handler", lambda w: {"reason": "不属本科室"}),
    "report_result": ("in_progress", "handler", lambda w: {
        "outcome": "support", "facts": "属实", "legal_basis": "公路法", "actions": ""}),
    "send_back": ("result_reported", "clerk", lambda w: {"reason": "事实不清"}),
    "reply": ("result_reported", "clerk", lambda w: {"method": "书面答复",
                                                      "replied_on": TODAY()}),
    "close": ("replied", "clerk", lambda w: {"satisfaction": "satisfied"}),
    "request_review": ("replied", "clerk", lambda w: {
        "requested_on": TODAY(), "reviewing_body": "县信访局"}),
    "record_review": ("under_review", "clerk", lambda w: {
        "decision": "uphold", "opinion": "维持", "redo": ""}),
    "request_re_review": ("closed", "clerk", lambda w: {
        "requested_on": TODAY(), "reviewing_body": "市信访局"}),
    "record_re_review": ("under_re_review", "clerk", lambda w: {
        "decision": "uphold", "opinion": "维持"}),
}


@pytest.mark.parametrize("verb", sorted(PETITION_FORMS))
def test_petition_transition_forms(verb, client, flow, personas, department):
    state, persona, data = PETITION_FORMS[verb]
    petition = flow.petition(state)
    world = {"dept": department, "other": flow.petition("registered", subject="另一件")}
    client.force_login(personas[persona])
    check_form(client, reverse(f"petitions:{verb.split('_')[0] if verb.startswith('decide') else verb}",
                       args=[petition.pk]),
               {"expected_state": state, **data(world)}, examples=12)


def test_petition_extension_request_and_decision(client, flow, handler, leader):
    from petitions import services

    petition = flow.petition("in_progress")  # signed: the handler is named
    client.force_login(handler)
    check_form(client, reverse("petitions:extension_request", args=[petition.pk]),
               {"days": "20", "reason": "需现场勘查"}, examples=15)
    services.request_extension(petition, handler, days=20, reason="需现场勘查")
    client.force_login(leader)
    check_form(client, reverse("petitions:extension_decide", args=[petition.pk]),
               {"expected_state": "requested", "approve": "1", "note": "同意"},
               examples=12)


def test_petition_attach(client, flow, clerk):
    petition = flow.petition("registered")
    client.force_login(clerk)
    check_form(client, reverse("petitions:attach", args=[petition.pk]), {},
               files={"file": good_png}, examples=12)
