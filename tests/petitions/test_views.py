"""The window's pages: the full path as clerk, leader and handler would click it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from petitions.models.choices import Category, State
from servicecenter.models import IssuedDocument
from tests import files
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = files.PDF


def _register(client, party, **extra):
    data = {"party_id": party.pk, "channel": "letter", "category": "demand",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "subject": "水渠破损影响灌溉", "content": "红星村3组水渠破损。",
            "headcount": 1,
            "place": "红星村", "representatives": "", **extra}
    return client.post(reverse("petitions:register"), data)


def _post_transition(client, p, verb, **data):
    return client.post(reverse(f"petitions:{verb}", args=[p.pk]),
                       {"expected_state": p.state, **data}, follow=True)


def test_full_path_through_the_pages(client, clerk, leader, handler, department,
                                     django_capture_on_commit_callbacks):
    party = PartyFactory(name="张建国")
    client.force_login(clerk)
    scan = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    response = _register(client, party, scan=scan)
    p = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/petitions/{p.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert p.number in page and "letter.pdf" in page and "受理" not in _actions(page)

    client.force_login(leader)
    page = client.get(reverse("petitions:approvals")).content.decode()
    assert p.number in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("petitions:decide", args=[p.pk]), {
            "expected_state": "registered", "decision": "accept",
            "instruction": "请社会事务办公室核实并办理。", "department": department.pk},
            follow=True)
    assert "操作成功" in response.content.decode()
    p.refresh_from_db()
    assert p.state == State.ACCEPTED and p.instruction.startswith("请社会事务")
    assert IssuedDocument.objects.filter(doc_type="acceptance").count() == 1

    client.force_login(handler)
    assert p.number in client.get(
        reverse("petitions:department_queue")).content.decode()
    _post_transition(client, p, "sign")
    p.refresh_from_db()
    page = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert "上报办理结果" in _actions(page) and "申请延期" in page
    _post_transition(client, p, "report_result", outcome="support",
                     facts="经实地查看，水渠破损属实，已修复。", legal_basis="《水法》",
                     actions="修复")
    p.refresh_from_db()
    assert p.state == State.RESULT_REPORTED

    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        _post_transition(client, p, "reply", method="书面答复",
                         replied_on=timezone.localdate().isoformat())
    p.refresh_from_db()
    assert p.state == State.REPLIED
    assert IssuedDocument.objects.filter(doc_type="opinion").count() == 1
    response = _post_transition(client, p, "close", satisfaction="satisfied")
    p.refresh_from_db()
    assert p.state == State.CLOSED and p.satisfaction == "satisfied"
    page = response.content.decode()
    for label in ["登记", "受理", "签收", "上报办理结果", "答复信访人", "办结",
                  "出具文书"]:
        assert label in page


def _actions(page):
    start = page.index('<div class="actions">')
    return page[start:page.index("</div>", start)]


def test_clerk_cannot_decide_and_sees_message(client, flow, clerk, department):
    p = flow.petition()
    client.force_login(clerk)
    response = client.post(reverse("petitions:decide", args=[p.pk]), {
        "expected_state": "registered", "decision": "accept", "instruction": "x",
        "department": department.pk}, follow=True)
    assert "您没有权限执行「受理」" in response.content.decode()
    p.refresh_from_db()
    assert p.state == State.REGISTERED


def test_reply_before_result_shows_message_not_500(client, flow, clerk):
    p = flow.petition("in_progress")
    client.force_login(clerk)
    response = _post_transition(client, p, "reply", method="书面答复",
                                replied_on=timezone.localdate().isoformat())
    assert response.status_code == 200
    assert "不能执行「答复信访人」" in response.content.decode()


def test_stale_page_is_told_the_record_changed(client, flow, leader, department):
    p = flow.petition("accepted")
    client.force_login(leader)
    response = client.post(reverse("petitions:decide", args=[p.pk]), {
        "expected_state": "registered", "decision": "accept", "instruction": "x",
        "department": department.pk}, follow=True)
    assert "该记录刚被他人处理" in response.content.decode()


def test_register_group_visit_with_representatives(client, clerk):
    client.force_login(clerk)
    party = PartyFactory()
    response = _register(client, party, headcount=8,
                         representatives="李四 13900000001\n王五 13900000002")
    p = Petition.objects.get()
    assert response.status_code == 302 and p.is_group_visit
    assert p.representatives.count() == 3
    response = _register(client, party, headcount=8, representatives="\n".join(
        f"代表{i} 1390000001{i}" for i in range(5)))
    assert "不得超过5人" in response.content.decode()


def test_register_creates_new_party_inline(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("petitions:register"), {
        "party_id": "", "party-kind": "person", "party-name": "新群众",
        "party-phone": "13512345678", "channel": "visit", "category": "enquiry",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "subject": "咨询养老保险", "content": "咨询缴费年限。", "headcount": 1})
    assert response.status_code == 302
    assert Petition.objects.get().party.name == "新群众"


def test_register_refuses_bad_scan_without_losing_input(client, clerk):
    client.force_login(clerk)
    scan = SimpleUploadedFile("letter.exe", b"MZ\x90\x00",
                              content_type="application/pdf")
    response = _register(client, PartyFactory(), scan=scan)
    page = response.content.decode()
    assert response.status_code == 200 and "文件类型不支持" in page
    assert "水渠破损影响灌溉" in page and Petition.objects.count() == 0


def test_list_filters_and_search(client, flow, clerk):
    mine = flow.petition(party=PartyFactory(name="赵六", phone="13711112222"))
    other = flow.petition("accepted")
    client.force_login(clerk)
    page = client.get(reverse("petitions:list"), {"q": "13711112222"}).content.decode()
    assert mine.number in page and other.number not in page
    page = client.get(reverse("petitions:list"), {"state": "accepted"}).content.decode()
    assert other.number in page and mine.number not in page
    page = client.get(reverse("petitions:list"), {"q": mine.number}).content.decode()
    assert mine.number in page
    assert client.get(reverse("petitions:list"),
                      {"date_from": "bad"}).status_code == 200


def test_repeats_shown_to_clerk_on_registered_petition(client, flow, clerk):
    party = PartyFactory()
    first = flow.petition(party=party)
    second = flow.petition(party=party)
    client.force_login(clerk)
    page = client.get(reverse("petitions:detail", args=[second.pk])).content.decode()
    assert "可能重复的信访" in page and first.number in page
    data = client.get(reverse("petitions:repeats"), {"party": party.pk}).json()
    assert {r["number"] for r in data["results"]} == {first.number, second.number}
    _post_transition(client, second, "mark_duplicate", original=first.number)
    second.refresh_from_db()
    assert second.state == State.MERGED and second.duplicate_of == first


def test_extension_request_and_leader_approval(client, flow, handler, leader):
    p = flow.petition("in_progress")
    client.force_login(handler)
    client.post(reverse("petitions:extension_request", args=[p.pk]),
                {"days": 20, "reason": "需等待测绘结果"})
    client.force_login(leader)
    page = client.get(reverse("petitions:approvals")).content.decode()
    assert "需等待测绘结果" in page
    client.post(reverse("petitions:extension_decide", args=[p.pk]),
                {"expected_state": "requested", "approve": "1", "note": "同意"})
    p.refresh_from_db()
    assert p.extension_days == 20


# --- confidentiality ---
@pytest.fixture
def secret(flow):
    return flow.petition("accepted", category=Category.ACCUSATION,
                         party=PartyFactory(name="举报人甲"))


@pytest.mark.parametrize("who", ["clerk", "other_handler", "manager"])
def test_accusation_hidden_from_others(client, secret, personas, who):
    client.force_login(personas[who])
    assert client.get(reverse("petitions:detail", args=[secret.pk])).status_code == 403
    page = client.get(reverse("petitions:list")).content.decode()
    assert secret.number not in page and "举报人甲" not in page
    assert client.get(reverse("petitions:document",
                              args=[secret.pk, "register"])).status_code == 403
    page = client.get(reverse("party_detail", args=[secret.party.pk])).content.decode()
    assert secret.number not in page


@pytest.mark.parametrize("who", ["leader", "handler"])
def test_accusation_visible_to_leader_and_assigned_handler(client, secret, personas,
                                                           who):
    client.force_login(personas[who])
    page = client.get(reverse("petitions:detail", args=[secret.pk])).content.decode()
    assert "举报人甲" in page
    assert secret.number in client.get(reverse("party_detail",
                                               args=[secret.party.pk])).content.decode()


def test_registering_an_accusation_sends_the_clerk_to_the_list(client, clerk):
    client.force_login(clerk)
    response = _register(client, PartyFactory(), category="accusation")
    assert response["Location"] == reverse("petitions:list")


def test_pages_refuse_people_without_a_role(client, flow, outsider, engineer):
    p = flow.petition()
    for user in (outsider, engineer):
        client.force_login(user)
        for url in [reverse("petitions:list"), reverse("petitions:register"),
                    reverse("petitions:approvals"),
                    reverse("petitions:detail", args=[p.pk])]:
            assert client.get(url).status_code == 403, url


def test_workbench_counts(client, flow, clerk, leader, handler):
    flow.petition()
    flow.petition("accepted")
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert "信访待审批" in page
    client.force_login(handler)
    assert "信访待签收" in client.get("/").content.decode()
    client.force_login(clerk)
    page = client.get("/").content.decode()
    assert "信访已超期" in page and "信访即将到期" in page


def test_department_queue_spelled_for_the_indexes_holds_the_same_rows(
        flow, handler, other_handler, department, other_department):
    from django.db.models import Q

    from petitions.models import Petition
    from petitions.queries import department_queue, visible_to

    cases = {  # (state, department, handler, secret): expected in handler's queue
        ("accepted", department, None, False): True,
        ("accepted", other_department, None, False): False,
        ("accepted", department, handler, True): True,
        ("accepted", department, other_handler, True): False,
        ("in_progress", department, handler, False): True,
        ("in_progress", department, other_handler, False): False,
        ("in_progress", other_department, handler, False): False,  # moved department
        ("in_progress", other_department, handler, True): True,
        ("result_reported", department, handler, False): False,
    }
    expected = set()
    for (state, dept, who, secret), shown in cases.items():
        p = flow.petition("registered")
        Petition.objects.filter(pk=p.pk).update(
            state=state, department=dept, handler=who,
            category="accusation" if secret else "suggestion")
        if shown:
            expected.add(p.pk)
    generic = visible_to(handler).filter(
        Q(state="accepted") | Q(state="in_progress", handler=handler))
    mine = set(department_queue(handler).values_list("pk", flat=True))
    assert mine == expected == set(generic.values_list("pk", flat=True))
