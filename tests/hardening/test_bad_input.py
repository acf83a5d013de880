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
    return {"party-kind": "person", "party-name": "新群众",
            "party-phone": "13711112222",
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
    "字" * 300 + " 13800000001", "张三 " + "1" * 100, "张三 电话号码",
    "张\x00三 13800000001"])
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
    "mark_duplicate": ("registered", "clerk",
                       lambda w: {"original": w["other"].number}),
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
    url_name = verb.split("_")[0] if verb.startswith("decide") else verb
    check_form(client, reverse(f"petitions:{url_name}", args=[petition.pk]),
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


# --- service tickets and difficult cases ---------------------------------------------

def test_ticket_create_with_a_new_party(client, clerk):
    client.force_login(clerk)
    check_form(client, reverse("tickets:create"), {
        "party_id": "", "contact_name": "张先生", "contact_phone": "13900000000",
        "kind": "remote", "channel": "phone", "emergency": "", "priority": "normal",
        "system": "", "problem": "网络中断", "address": "", **party_fields()},
        examples=20)


def _ticket(state, engineer, kind="remote"):
    from tests.tickets.factories import ServiceTicketFactory

    return ServiceTicketFactory(state=state, kind=kind,
                                engineer=engineer if state != "new" else None)


TICKET_FORMS = {
    # verb: (state, kind, persona, valid data)
    "assign": ("new", "remote", "clerk", lambda p: {"engineer": p["engineer"].pk,
                                                     "appointment_at": ""}),
    "reassign": ("assigned", "remote", "clerk", lambda p: {
        "engineer": p["other_engineer"].pk, "reason": "请假", "appointment_at": ""}),
    "start": ("assigned", "remote", "engineer", lambda p: {"started_at": ""}),
    "convert_to_onsite": ("in_progress", "remote", "engineer", lambda p: {
        "reason": "远程无法解决", "appointment_at": NOW()}),
    "wait_for_parts": ("in_progress", "remote", "engineer", lambda p: {
        "part_name": "交换机", "supplier": "合同A",
        "expected_date": (timezone.localdate()
                          + datetime.timedelta(days=3)).isoformat()}),
    "resolve": ("in_progress", "onsite", "engineer", lambda p: {
        "result": "已修复", "fault_analysis": "", "service_record": "更换网线",
        "signer_name": "张先生", "signature_data": p["sig"],
        "no_signature_reason": ""}),
    "close": ("resolved", "remote", "clerk", lambda p: {
        "confirmation": "电话确认", "phone_confirmation": ""}),
    "cancel": ("new", "remote", "clerk", lambda p: {"reason": "客户取消"}),
}


@pytest.mark.parametrize("verb", sorted(TICKET_FORMS))
def test_ticket_transition_forms(verb, client, personas):
    from tests.repairs.conftest import signature_data_url

    state, kind, persona, data = TICKET_FORMS[verb]
    ticket = _ticket(state, personas["engineer"], kind)
    client.force_login(personas[persona])
    check_form(client, reverse(f"tickets:{verb}", args=[ticket.pk]),
               {"expected_state": state,
                **data({**personas, "sig": signature_data_url()})},
               examples=10)


def test_ticket_contact_and_photo(client, engineer):
    ticket = _ticket("in_progress", engineer)
    client.force_login(engineer)
    check_form(client, reverse("tickets:log_contact", args=[ticket.pk]),
               {"at": "", "channel": "phone", "summary": "电话沟通"}, examples=10)
    check_form(client, reverse("tickets:tablet_photo", args=[ticket.pk]), {},
               files={"photo": good_png}, examples=8)


def test_difficult_case_assign(client, manager, engineer):
    from tests.tickets.factories import DifficultCaseFactory

    case = DifficultCaseFactory(state="opened", proposed_by=engineer)
    client.force_login(manager)
    check_form(client, reverse("tickets:case_assign", args=[case.pk]),
               {"expected_state": "opened", "handler": engineer.pk,
                "earlier_records": "两次上门"}, examples=10)


# --- complaints and follow-up calls --------------------------------------------------

def test_complaint_register(client, clerk):
    party = PartyFactory()
    client.force_login(clerk)
    check_form(client, reverse("tickets:complaint_create"), {
        "source": "hotline", "party_id": str(party.pk), "subject": "迟到",
        "content": "工程师迟到", "received_at": "", "related_ct": "", "related_id": ""},
        examples=20)


COMPLAINT_FORMS = {
    "accept": ("registered", "manager", lambda p: {
        "truthfulness": "true", "reasonableness": "reasonable",
        "responsible": p["engineer"].pk, "department": "", "assessment": "属实"}),
    "reject": ("registered", "manager", lambda p: {"reason": "不属实",
                                                   "notified_how": "电话告知"}),
    "handle": ("accepted", "engineer", lambda p: {"cause": "排班", "actions": "道歉",
                                                  "result": "满意"}),
    "report": ("handled", "clerk", lambda p: {"reported_to": "刘主管"}),
}


@pytest.mark.parametrize("verb", sorted(COMPLAINT_FORMS))
def test_complaint_transition_forms(verb, client, personas):
    from tests.complaints.factories import make_complaint

    state, persona, data = COMPLAINT_FORMS[verb]
    complaint = make_complaint(state, clerk=personas["clerk"],
                               manager=personas["manager"],
                               responsible=personas["engineer"])
    client.force_login(personas[persona])
    check_form(client, reverse(f"tickets:complaint_{verb}", args=[complaint.pk]),
               {"expected_state": state, **data(personas)}, examples=10)


def test_revisit_call_and_cancel(client, clerk):
    from tests.complaints.factories import make_revisit

    revisit = make_revisit()
    client.force_login(clerk)
    check_form(client, reverse("tickets:revisit_call", args=[revisit.pk]), {
        "expected_state": "scheduled", "reached": "yes", "rating": "5",
        "notes": "满意"},
        examples=12)
    check_form(client, reverse("tickets:revisit_cancel", args=[revisit.pk]), {
        "expected_state": "scheduled", "reason": "客户要求"}, examples=8)


# --- repairs ------------------------------------------------------------------------

def test_repair_intake_with_a_new_party(client, clerk):
    client.force_login(clerk)
    check_form(client, reverse("repairs:intake"), {
        "party_id": "", "device_type": "笔记本电脑", "brand": "联想",
        "model_name": "E14",
        "serial_number": "SN1", "purchase_date": "2025-06-01", "warranty_months": "12",
        "manufacturer_warranty": "", "accessories": "电源", "appearance": "完好",
        "configuration": "16G", "fault_description": "无法开机", **party_fields()},
        files={"photos": good_png}, examples=20)


REPAIR_FORMS = {
    "assign": ("received", "clerk", lambda p: {"engineer": p["engineer"].pk}),
    "diagnose": ("diagnosing", "engineer", lambda p: {
        "diagnosis": "主板", "warranty_status": "out", "route": "in_house",
        "route_reason": "可修"}),
    "send_out": ("awaiting_dispatch", "clerk", lambda p: {
        "vendor": p["vendor"].pk, "contact_person": "孙经理", "contact_note": "已联系",
        "handover_date": TODAY(), "receipt_no": "R1",
        "expected_return": (timezone.localdate()
                            + datetime.timedelta(days=7)).isoformat(),
        "first_followup_on": ""}),
    "deliver": ("ready", "clerk", lambda p: {"signer_name": "张先生", "confirmed": "on",
                                             "signature": p["sig"]}),
    "cancel": ("received", "clerk", lambda p: {"reason": "客户取回",
                                               "device_returned": "on"}),
}


@pytest.mark.parametrize("verb", sorted(REPAIR_FORMS))
def test_repair_transition_forms(verb, client, personas):
    from tests.repairs.conftest import signature_data_url
    from tests.repairs.factories import RepairOrderFactory, VendorFactory

    state, persona, data = REPAIR_FORMS[verb]
    order = RepairOrderFactory(state=state, received_by=personas["clerk"],
                               engineer=None if state == "received"
                               else personas["engineer"])
    client.force_login(personas[persona])
    extra = {"vendor": VendorFactory(name="外修站"), "sig": signature_data_url()}
    files = {"receipt_photo": good_png} if verb == "send_out" else None
    check_form(client, reverse(f"repairs:{verb}", args=[order.pk]),
               {"expected_state": state, "remark": "", **data({**personas, **extra})},
               files=files, examples=10)


def test_repair_bench_log_photo_and_followup(client, clerk, engineer):
    from tests.repairs.factories import RepairOrderFactory

    order = RepairOrderFactory(state="repairing", received_by=clerk, engineer=engineer)
    client.force_login(engineer)
    check_form(client, reverse("repairs:log_entry", args=[order.pk]), {
        "action": "更换电源", "part_name": "", "old_serial": "", "new_serial": "",
        "result": ""}, examples=10)
    check_form(client, reverse("repairs:photo", args=[order.pk]), {},
               files={"photo": good_png}, examples=6)


# --- list pages: hostile query strings ----------------------------------------------

LISTS = ["petitions:list", "petitions:approvals", "petitions:department_queue",
         "tickets:list", "tickets:case_list", "tickets:complaint_list",
         "tickets:revisit_list", "tickets:revisit_plan", "repairs:list",
         "party_search"]
QUERY_VALUES = ["²", "9" * 30, "-5", "\x00", "abc", "字" * 3000, "2026-99-99"]


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_survive_hostile_query_strings(name, client, personas):
    for persona in ("clerk", "leader", "handler", "manager"):
        client.force_login(personas[persona])
        for value in QUERY_VALUES:
            for param in ("page", "q", "state", "date_from", "engineer", "department",
                          "queue", "party", "village"):
                response = client.get(reverse(name), {param: value})
                assert response.status_code in (200, 302, 403), (persona, param, value)
