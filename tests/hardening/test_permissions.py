"""Every URL × every persona against the apps' permission rules.

The expected outcome of a GET comes from each app's ``permissions.py`` (the same
functions the views use); the tables below name, per URL, which rule applies. A new
URL without a row here fails ``test_every_url_is_in_the_table``. POSTs to transition
URLs by people the rules do not allow change nothing.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from matters import permissions as mp
from matters.appointments import permissions as ap
from matters.appointments.views import can_list_appointments
from matters.models import Appointment
from matters.ratings import can_view_rating
from matters.verbs import VERBS as MATTER_VERBS
from matters.views import window as matters_window
from petitions import permissions as pp
from petitions.verbs import VERBS as PETITION_VERBS
from repairs import permissions as rp
from repairs.verbs import VERBS as REPAIR_VERBS
from servicecenter import enquiries, handover
from servicecenter.permissions import can_edit_party, can_view_party
from servicecenter.reports import permissions as rep
from servicecenter.roles import (
    CLERK,
    ENGINEER,
    HANDLER,
    LEADER,
    MANAGER,
    has_role,
    is_staff_member,
)
from tickets.complaints import permissions as cp
from tickets.complaints.verbs import VERBS as COMPLAINT_VERBS
from tickets.service import permissions as tp
from tickets.service.verbs import CASE_VERBS, TICKET_VERBS

from .world import build_world

pytestmark = pytest.mark.django_db
PERSONAS = ["clerk", "other_clerk", "engineer", "other_engineer", "handler",
            "other_handler", "leader", "manager", "outsider"]
OK, DENIED, REDIRECT = {200}, {403, 404}, {302}
NOT_ROUTED = {"login", "logout", "healthz",  # public, or no record behind them
              # public by law, no login (tests/matters/test_public.py and the rest)
              "public:guide", "public:guide_item", "public:guide_pdf",
              "public:material_template", "public:form_file", "public:lookup",
              "public:rating", "public:rating_poll", "public:rating_rate"}


@pytest.fixture
def world(personas, department):
    return build_world(personas, department)


def role(*roles):
    return lambda u, w: has_role(u, *roles)


def rule(check, attr=None):
    """A permission function applied to the world's record ``attr`` (or none)."""
    return lambda u, w: bool(check(u, getattr(w, attr)) if attr else check(u))


def both(a, b):
    return lambda u, w: a(u, w) and b(u, w)


ANYONE = lambda u, w: True  # noqa: E731 - logged in is enough
NOBODY = lambda u, w: False  # noqa: E731

# name → (args from the world, allowed(user, world), statuses if allowed, if not)
# A transition form the viewer may open redirects back (302, with a message) when
# the verb is not theirs now; the record page is still theirs to see.
VIEW_OR_BOUNCE = {200, 302}
P_VIEW = rule(pp.can_view_petition, "petition")
S_VIEW = rule(pp.can_view_petition, "secret")
T_VIEW = rule(tp.can_view_ticket, "ticket")
C_VIEW = rule(cp.can_view_complaint, "complaint")
R_VIEW = rule(cp.can_view_revisit, "revisit")
O_VIEW = rule(rp.can_view_repair, "order")
DC_VIEW = rule(tp.can_view_difficultcase, "case")
A_VIEW = rule(mp.can_view_application, "application")

TABLE = {
    "home": (lambda w: [], ANYONE, OK, DENIED),
    "notifications": (lambda w: [], ANYONE, OK, DENIED),
    "standin": (lambda w: [], lambda u, w: is_staff_member(u), OK, DENIED),
    "party_search": (lambda w: [], rule(can_view_party), OK, DENIED),
    "party_lookup": (lambda w: [], rule(can_view_party), OK, DENIED),
    "party_create": (lambda w: [], rule(can_edit_party), OK, DENIED),
    "party_detail": (lambda w: [w.party.pk], rule(can_view_party), OK, DENIED),
    "party_pdf": (lambda w: [w.party.pk], rule(can_view_party), OK, DENIED),
    "party_edit": (lambda w: [w.party.pk], rule(can_edit_party), OK, DENIED),
    # petitions
    "petitions:list": (lambda w: [], role(CLERK, LEADER, MANAGER, HANDLER), OK, DENIED),
    "petitions:register": (lambda w: [], rule(pp.can_register_petition), OK, DENIED),
    "petitions:repeats": (lambda w: [], role(CLERK), OK, DENIED),
    "petitions:approvals": (lambda w: [], role(LEADER), OK, DENIED),
    "petitions:department_queue": (lambda w: [], role(HANDLER), OK, DENIED),
    "petitions:detail": (lambda w: [w.petition.pk], P_VIEW, OK, DENIED),
    "petitions:decide": (lambda w: [w.petition_new.pk],
                         rule(pp.can_view_petition, "petition_new"), VIEW_OR_BOUNCE,
                         DENIED),
    "petitions:extension_request": (
        lambda w: [w.petition.pk],
        both(P_VIEW, rule(pp.can_request_extension, "petition")), OK, DENIED),
    "petitions:extension_decide": (lambda w: [w.petition.pk], NOBODY, OK, DENIED),
    "petitions:attach": (lambda w: [w.petition.pk], NOBODY, OK, DENIED),
    "petitions:document": (lambda w: [w.petition.pk, "acceptance"], P_VIEW, OK, DENIED),
    # tickets
    "tickets:list": (lambda w: [], rule(tp.can_view_queue_ticket), OK,
                     DENIED | REDIRECT),  # engineers go to 我的任务 (test below)
    "tickets:create": (lambda w: [], rule(tp.can_create_ticket), OK, DENIED),
    "tickets:detail": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:log_contact": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:add_photo": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:pdf": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:parts_pdf": (lambda w: [w.ticket.pk], T_VIEW, OK | {404}, DENIED),
    "tickets:maintenance_pdf": (lambda w: [w.ticket.pk], T_VIEW, OK | {404}, DENIED),
    "tickets:signature": (lambda w: [w.signature.pk], T_VIEW, OK, DENIED),
    "tickets:photo": (lambda w: [w.photo.pk], T_VIEW, OK, DENIED),
    "file": (lambda w: ["attachment", w.photo.pk], T_VIEW, OK, DENIED),
    "tickets:my": (lambda w: [], role(ENGINEER), OK, DENIED),
    "tickets:tablet_detail": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:tablet_contact": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:tablet_photo": (lambda w: [w.ticket.pk], T_VIEW, OK, DENIED),
    "tickets:maintenance_record": (
        lambda w: [w.ticket.pk],
        both(T_VIEW, rule(tp.can_record_maintenance_ticket, "ticket")),
        OK, DENIED | REDIRECT),
    "tickets:maintenance_plans": (lambda w: [], rule(tp.can_manage_maintenanceplan),
                                  OK, DENIED),
    "tickets:case_list": (lambda w: [], rule(tp.can_view_difficultcase), OK, DENIED),
    "tickets:case_detail": (lambda w: [w.case.pk], DC_VIEW, OK, DENIED),
    "tickets:complaint_list": (lambda w: [], rule(cp.can_list_complaints), OK, DENIED),
    "tickets:complaint_create": (lambda w: [], rule(cp.can_register_complaint), OK,
                                 DENIED),
    "tickets:complaint_detail": (lambda w: [w.complaint.pk], C_VIEW, OK, DENIED),
    "tickets:complaint_pdf": (lambda w: [w.complaint.pk], C_VIEW, OK, DENIED),
    "tickets:revisit_list": (lambda w: [], rule(cp.can_view_revisit), OK, DENIED),
    "tickets:revisit_plan": (lambda w: [], rule(cp.can_plan_revisits), OK, DENIED),
    "tickets:revisit_report": (lambda w: [], rule(cp.can_view_report), OK, DENIED),
    "tickets:revisit_report_csv": (lambda w: [], rule(cp.can_view_report), OK, DENIED),
    "tickets:revisit_report_pdf": (lambda w: [], rule(cp.can_view_report), OK, DENIED),
    "tickets:revisit_call": (lambda w: [w.revisit.pk], R_VIEW, OK, DENIED),
    # managers' reports
    "reports:dashboard": (lambda w: [], rule(rep.can_view_reports), OK, DENIED),
    "reports:accountability": (lambda w: [], rule(rep.can_view_reports), OK, DENIED),
    "reports:accountability_csv": (lambda w: [], rule(rep.can_view_reports), OK,
                                   DENIED),
    "reports:accountability_pdf": (lambda w: [], rule(rep.can_view_reports), OK,
                                   DENIED),
    "tickets:revisit_cancel": (lambda w: [w.revisit.pk],
                               both(R_VIEW, rule(cp.can_cancel_revisit, "revisit")),
                               OK, DENIED),
    "tickets:revisit_pdf": (lambda w: [w.revisit.pk], R_VIEW, OK, DENIED),
    # repairs
    "repairs:list": (lambda w: [], rule(rp.can_view_repair), OK, DENIED),
    "repairs:intake": (lambda w: [], rule(rp.can_receive_repair), OK, DENIED),
    "repairs:bench": (lambda w: [], role(ENGINEER), OK, DENIED),
    "repairs:detail": (lambda w: [w.order.pk], O_VIEW, OK, DENIED),
    "repairs:bench_order": (lambda w: [w.order.pk], O_VIEW, OK, DENIED),
    "repairs:log_entry": (lambda w: [w.order.pk], NOBODY, OK, DENIED | {405}),
    "repairs:photo": (lambda w: [w.order.pk], NOBODY, OK, DENIED | {405}),
    "repairs:followup": (lambda w: [w.dispatch.pk], NOBODY, OK, DENIED | {405}),
    "repairs:receipt_pdf": (lambda w: [w.order.pk], O_VIEW, OK, DENIED),
    "repairs:process_pdf": (lambda w: [w.order.pk], O_VIEW, OK, DENIED),
    "repairs:pickup_pdf": (lambda w: [w.order.pk], NOBODY, OK, DENIED),  # not signed
    "repairs:dispatch_pdf": (lambda w: [w.dispatch.pk], O_VIEW, OK, DENIED),
    # 转交 (the world's order waits for other_clerk) and 来电/来访登记
    "handover_create": (lambda w: ["repairs.repairorder", w.order.pk], O_VIEW,
                        VIEW_OR_BOUNCE, DENIED),
    "handover_accept": (lambda w: [w.handover.pk], NOBODY, OK, DENIED | {405}),
    "handover_withdraw": (lambda w: [w.handover.pk], NOBODY, OK, DENIED | {405}),
    "handover_refuse": (lambda w: [w.handover.pk],
                        both(O_VIEW, rule(handover.can_refuse_handover, "handover")),
                        OK, DENIED | REDIRECT),
    "enquiry_list": (lambda w: [], rule(enquiries.can_log_enquiry), OK, DENIED),
    "enquiry_detail": (lambda w: [w.enquiry.pk], lambda u, w: enquiries.
                       visible_enquiries(u).filter(pk=w.enquiry.pk).exists(),
                       OK, DENIED),
    # 办件 (the world's application is being handled by ``handler``)
    "matters:list": (lambda w: [], rule(matters_window.can_list_applications), OK,
                     DENIED),
    "matters:intake": (lambda w: [], rule(mp.can_receive_application), OK, DENIED),
    "matters:intake_materials": (lambda w: [], rule(mp.can_receive_application), OK,
                                 DENIED),
    "matters:department": (lambda w: [], rule(
        matters_window.can_work_department_queue), OK, DENIED),
    "matters:refusals": (lambda w: [], rule(matters_window.can_view_refusals), OK,
                         DENIED),
    "matters:detail": (lambda w: [w.application.pk], A_VIEW, OK, DENIED),
    "matters:extension_request": (
        lambda w: [w.application.pk],
        both(A_VIEW, rule(mp.can_request_extension_application, "application")),
        OK, DENIED),
    "matters:extension_decide": (lambda w: [w.application.pk], NOBODY, OK, DENIED),
    "matters:supply_material": (lambda w: [w.application.pk, 1], NOBODY, OK,
                                DENIED | {405}),  # POST only
    "matters:document": (lambda w: [w.application.pk, "acceptance"], A_VIEW, OK,
                         DENIED),
    # levels (村 → 镇 → 县): the town's incoming queue, the 村代办员's own list, the
    # stages' actions (POST only)
    "matters:incoming": (lambda w: [], rule(mp.can_receive_from_village_application),
                         OK, DENIED),
    "matters:village": (lambda w: [], rule(mp.can_receive_at_village), OK, DENIED),
    "matters:levels_paper": (lambda w: [w.application.pk, 1, "sent"], NOBODY, OK,
                             DENIED | {405}),
    "matters:levels_chase": (lambda w: [w.application.pk], NOBODY, OK,
                             DENIED | {405}),
    "matters:levels_handover": (lambda w: [w.application.pk], NOBODY, OK,
                                DENIED | {405}),
    # 并联审批 (matters.joint): the departments' queue; no opinion in the world
    "matters:joint": (lambda w: [], rule(matters_window.can_work_department_queue),
                      OK, DENIED),
    "matters:joint_answer": (lambda w: [w.application.pk, 1], NOBODY, OK, DENIED),
    # 预约 (matters.appointments): the world's appointment is at the clerk's window
    "matters:appointments": (lambda w: [], rule(can_list_appointments), OK, DENIED),
    "matters:appointment_book": (lambda w: [], rule(ap.can_book_appointment), OK,
                                 DENIED),
    "matters:appointment": (lambda w: [_appointment(w).pk], lambda u, w: ap.
                            can_view_appointment(u, _appointment(w)), OK, DENIED),
    "matters:appointment_slip": (lambda w: [_appointment(w).pk], lambda u, w: ap.
                                 can_view_appointment(u, _appointment(w)), OK, DENIED),
    "matters:appointment_step": (lambda w: [_appointment(w).pk, "arrive"], NOBODY, OK,
                                 DENIED | {405}),  # POST only
    # the windows' rating screens (matters.ratings)
    "matters_rating:windows": (lambda w: [], role(CLERK, MANAGER), OK, DENIED),
    "matters_rating:pair": (lambda w: [1], NOBODY, OK, DENIED | {405}),  # POST only
    "matters_rating:prompt": (lambda w: [1], NOBODY, OK, DENIED | {405}),
    "matters_rating:detail": (lambda w: [_window_rating(w).pk],
                              lambda u, w: can_view_rating(u, _window_rating(w)),
                              OK, DENIED),
}


def _appointment(w):
    """One booked appointment tomorrow at a window the world's clerk staffs."""
    import datetime

    from django.contrib.auth.models import User
    from django.utils import timezone

    from matters.models import Appointment, ServiceItem
    from servicecenter.models import Window

    if not hasattr(w, "_appointment"):
        window = Window.objects.create(number=8, name="预约窗口")
        window.staff.add(User.objects.get(username="clerk"))
        start = timezone.now() + datetime.timedelta(days=1)
        w._appointment = Appointment.objects.create(
            number="YY2026-99001", item=ServiceItem.objects.order_by("pk").first(),
            window=window, party=w.party, starts_at=start,
            ends_at=start + datetime.timedelta(minutes=30),
            booked_by=User.objects.get(username="clerk"))
    return w._appointment


def _window_rating(w):
    """One rating of the world's clerk at a window (made once per world)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from matters.models import Rating, RatingPrompt
    from servicecenter.models import Window

    if not hasattr(w, "_rating"):
        window = Window.objects.create(number=9, name="综合窗口")
        clerk = User.objects.get(username="clerk")
        prompt = RatingPrompt.objects.create(window=window, clerk=clerk,
                                             created_at=timezone.now())
        w._rating = Rating.objects.create(window=window, clerk=clerk, prompt=prompt,
                                          level=4, created_at=timezone.now())
    return w._rating

# every verb URL (one per verb of each verb table): the record's page rules apply to
# the form (which bounces back to the record when the verb is not the viewer's now)
for _prefix, _verbs, _args, _view in [
        ("petitions:", PETITION_VERBS, lambda w: [w.petition.pk], P_VIEW),
        ("repairs:", REPAIR_VERBS, lambda w: [w.order.pk], O_VIEW),
        ("tickets:", TICKET_VERBS, lambda w: [w.ticket.pk], T_VIEW),
        ("tickets:tablet_", TICKET_VERBS, lambda w: [w.ticket.pk], T_VIEW),
        ("tickets:case_", CASE_VERBS, lambda w: [w.case.pk], DC_VIEW),
        ("tickets:complaint_", COMPLAINT_VERBS, lambda w: [w.complaint.pk], C_VIEW),
        ("matters:", MATTER_VERBS, lambda w: [w.application.pk], A_VIEW)]:
    for _verb in _verbs:
        TABLE[_prefix + _verb] = (_args, _view, VIEW_OR_BOUNCE, DENIED)


def url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_table():
    missing = set(url_names()) - set(TABLE) - NOT_ROUTED
    assert missing == set()


@pytest.mark.parametrize("name", sorted(TABLE))
def test_get_as_every_persona_follows_the_rules(name, client, personas, world):
    args_of, allowed, ok, denied = TABLE[name]
    url = reverse(name, args=args_of(world))
    wrong = []
    for persona in PERSONAS:
        user = personas[persona]
        user._role_cache = None
        client.force_login(user)
        status = client.get(url).status_code
        expected = ok if allowed(user, world) else denied
        if status not in expected:
            wrong.append((persona, status, sorted(expected)))
    assert wrong == [], f"{url}: (persona, got, expected) {wrong}"


def test_engineer_is_sent_to_his_own_queue_from_the_window_list(client, engineer):
    client.force_login(engineer)
    response = client.get(reverse("tickets:list"))
    assert response.status_code == 302 and response.url == reverse("tickets:my")


# --- POSTs: people the rules do not allow change nothing ---------------------------

def _state(attr):
    def probe(w):
        obj = getattr(w, attr)
        obj = type(obj).objects.get(pk=obj.pk)
        return obj.state, obj.history.count()
    return probe


def _count(attr, related):
    return lambda w: getattr(type(getattr(w, attr)).objects.get(
        pk=getattr(w, attr).pk), related).count()


def _today():
    from django.utils import timezone

    return timezone.localdate().isoformat()


# name → (args, POST data, may act(user, world), snapshot of what must not change)
POSTS = {
    "decide": ("petitions:decide", lambda w: [w.petition_new.pk], lambda w: {
        "expected_state": "registered", "decision": "accept", "instruction": "同意受理",
        "department": w.petition.department_id},
        both(rule(pp.can_view_petition, "petition_new"),
             rule(pp.can_accept_petition, "petition_new")), _state("petition_new")),
    "mark_duplicate": ("petitions:mark_duplicate", lambda w: [w.petition_new.pk],
                       lambda w: {"expected_state": "registered",
                                  "original": w.petition.number},
                       both(rule(pp.can_view_petition, "petition_new"),
                            rule(pp.can_mark_duplicate_petition, "petition_new")),
                       _state("petition_new")),
    "sign": ("petitions:sign", lambda w: [w.petition.pk],
             lambda w: {"expected_state": "accepted"},
             both(P_VIEW, rule(pp.can_sign_petition, "petition")), _state("petition")),
    "sign_secret": ("petitions:sign", lambda w: [w.secret.pk],
                    lambda w: {"expected_state": "accepted"},
                    both(S_VIEW, rule(pp.can_sign_petition, "secret")),
                    _state("secret")),
    "return_secret": ("petitions:return_to_office", lambda w: [w.secret.pk],
                      lambda w: {"expected_state": "accepted", "reason": "不属本科室"},
                      both(S_VIEW, rule(pp.can_return_to_office_petition, "secret")),
                      _state("secret")),
    "ticket_start": ("tickets:start", lambda w: [w.ticket.pk],
                     lambda w: {"expected_state": "assigned"},
                     rule(tp.can_start_ticket, "ticket"), _state("ticket")),
    "ticket_cancel": ("tickets:tablet_cancel", lambda w: [w.ticket.pk],
                      lambda w: {"expected_state": "assigned", "reason": "客户取消"},
                      both(T_VIEW, rule(tp.can_cancel_ticket, "ticket")),
                      _state("ticket")),
    "ticket_contact": ("tickets:log_contact", lambda w: [w.ticket.pk],
                       lambda w: {"channel": "phone", "summary": "电话沟通"},
                       both(T_VIEW, rule(tp.can_log_contact_ticket, "ticket")),
                       _count("ticket", "contacts")),
    "case_resolve": ("tickets:case_resolve", lambda w: [w.case.pk],
                     lambda w: {"expected_state": "in_progress",
                                "resolution": "已解决"},
                     both(DC_VIEW, rule(tp.can_resolve_difficultcase, "case")),
                     _state("case")),
    "complaint_handle": ("tickets:complaint_handle", lambda w: [w.complaint.pk],
                         lambda w: {"expected_state": "accepted", "cause": "排班",
                                    "actions": "道歉", "result": "满意"},
                         both(C_VIEW, rule(cp.can_handle_complaint, "complaint")),
                         _state("complaint")),
    "revisit_call": ("tickets:revisit_call", lambda w: [w.revisit.pk],
                     lambda w: {"expected_state": "scheduled", "reached": "no"},
                     both(R_VIEW, rule(cp.can_complete_revisit, "revisit")),
                     _count("revisit", "attempts")),
    "revisit_cancel": ("tickets:revisit_cancel", lambda w: [w.revisit.pk],
                       lambda w: {"expected_state": "scheduled", "reason": "客户要求"},
                       both(R_VIEW, rule(cp.can_cancel_revisit, "revisit")),
                       _state("revisit")),
    "repair_diagnose": ("repairs:diagnose", lambda w: [w.order.pk], lambda w: {
        "expected_state": "diagnosing", "diagnosis": "主板故障",
        "warranty_status": "out",
        "route": "in_house", "route_reason": "本中心可修"},
        both(O_VIEW, rule(rp.can_diagnose_repair, "order")), _state("order")),
    "repair_log": ("repairs:log_entry", lambda w: [w.order.pk],
                   lambda w: {"action": "更换电源"},
                   both(O_VIEW, rule(rp.can_add_log_entry_repair, "order")),
                   _count("order", "log_entries")),
    "repair_followup": ("repairs:followup", lambda w: [w.dispatch.pk], lambda w: {
        "on": _today(), "contact": "孙经理", "answer": "在修"},
        lambda u, w: rp.can_view_repair(u) and rp.can_follow_up_dispatch(u, w.dispatch),
        _count("dispatch", "followups")),
    "handover_accept": ("handover_accept", lambda w: [w.handover.pk], lambda w: {},
                        rule(handover.can_accept_handover, "handover"),
                        lambda w: type(w.handover).objects.get(pk=w.handover.pk).state),
    "handover_withdraw": ("handover_withdraw", lambda w: [w.handover.pk],
                          lambda w: {},
                          rule(handover.can_withdraw_handover, "handover"),
                          lambda w: type(w.handover).objects.get(
                              pk=w.handover.pk).state),
    "matter_submit": ("matters:submit", lambda w: [w.application.pk],
                      lambda w: {"expected_state": "handling", "opinion": "符合条件"},
                      both(A_VIEW, rule(mp.can_submit_application, "application")),
                      _state("application")),
    "appointment_arrive": ("matters:appointment_step",
                           lambda w: [_appointment(w).pk, "arrive"],
                           lambda w: {"expected_state": "booked"},
                           lambda u, w: ap.can_arrive_appointment(u, _appointment(w)),
                           lambda w: Appointment.objects.get(
                               pk=_appointment(w).pk).state),
    "party_edit": ("party_edit", lambda w: [w.party.pk], lambda w: {
        "kind": "person", "name": "改过的名字", "phone": w.party.phone},
        rule(can_edit_party), lambda w: type(w.party).objects.get(pk=w.party.pk).name),
}


@pytest.mark.parametrize("case", sorted(POSTS))
def test_post_by_those_not_allowed_changes_nothing(case, client, personas, world):
    name, args_of, data_of, allowed, probe = POSTS[case]
    url = reverse(name, args=args_of(world))
    before, changed, first_allowed = probe(world), [], None
    for persona in PERSONAS:
        user = personas[persona]
        user._role_cache = None
        if allowed(user, world):
            first_allowed = first_allowed or persona
            continue
        client.force_login(user)
        status = client.post(url, data_of(world)).status_code
        assert status < 500, (persona, status)
        if probe(world) != before:
            changed.append(persona)
    assert changed == [], f"{case}: changed by {changed}"
    # the same POST by someone the rules allow does go through: the data is valid
    assert first_allowed, f"{case}: nobody may do it?"
    client.force_login(personas[first_allowed])
    client.post(url, data_of(world))
    assert probe(world) != before, f"{case}: {first_allowed} could not do it either"


# --- records that must stay out of sight -------------------------------------------

@pytest.mark.parametrize("persona", PERSONAS)
def test_accusation_is_on_no_page_of_those_who_may_not_see_it(persona, client, personas,
                                                               world):
    user = personas[persona]
    may = pp.can_view_petition(user, world.secret)
    client.force_login(user)
    pages = [reverse("petitions:list"), reverse("petitions:department_queue"),
             reverse("petitions:approvals"),
             reverse("party_detail", args=[world.party.pk]),
             reverse("home"), reverse("petitions:repeats") + f"?party={world.party.pk}"
             + "&subject=举报村干部"]
    seen = [url for url in pages
            if world.secret.number in client.get(url).content.decode()]
    if may:
        assert seen, "a leader or the named handler finds it somewhere"
    else:
        assert seen == []


@pytest.mark.parametrize("persona", ["other_engineer", "handler", "outsider"])
def test_another_engineers_ticket_is_not_listed(persona, client, personas, world):
    client.force_login(personas[persona])
    for url in (reverse("tickets:my"), reverse("home"),
                reverse("party_detail", args=[world.party.pk])):
        assert world.ticket.number not in client.get(url).content.decode(), url
