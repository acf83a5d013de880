"""The window's 办件 pages: intake, the record page, the verbs' forms, the queues, the
否定报备 list; who may open them (login, role and record), and bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matters import services
from matters.models import Application
from servicecenter.models import Attachment, Party
from tests import files
from tests.factories import PartyFactory
from tests.matters.window_catalogue import make_item, make_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(department, handler):
    department.abbr = "MZ"
    department.head = handler
    department.save()
    return make_item(department)


@pytest.fixture
def window(office, clerk):
    return make_window(office, staff=[clerk])


@pytest.fixture
def party(db):
    return PartyFactory(name="张建国", phone="13800138001")


def materials_of(item, situation_name):
    version = item.current_version
    situation = version.situations.get(name=situation_name)
    return situation, list(version.materials_for(situation))


def intake_data(item, party, window, situation_name="翻建", received=None, **extra):
    situation, materials = materials_of(item, situation_name)
    received = [m.name for m in materials] if received is None else received
    data = {"party_id": party.pk, "item": item.pk, "situation": situation.pk,
            "channel": "window", "window": window.pk, "remark": ""}
    for m in materials:
        if m.name in received:
            data[f"m{m.pk}_received"] = "on"
    return {**data, **extra}


def receive(clerk, item, party, missing=("原宅基地使用证明",)):
    situation, materials = materials_of(item, "翻建")
    return services.receive_application(
        clerk, item=item, party=party, situation=situation,
        received=[m.pk for m in materials if m.name not in missing])


# --- intake -------------------------------------------------------------------------

def test_intake_records_materials_problems_and_scans(client, clerk, item, party,
                                                     window):
    client.force_login(clerk)
    _, materials = materials_of(item, "翻建")
    form, idcard = materials[0], materials[1]
    data = intake_data(item, party, window,
                       received=["宅基地申请审批表", "申请人身份证、户口簿"])
    data[f"m{idcard.pk}_problem"] = "户口簿复印件不清晰"
    data[f"m{form.pk}_scans"] = [
        SimpleUploadedFile("审批表1.png", files.png_bytes(), "image/png"),
        SimpleUploadedFile("审批表2.pdf", files.pdf_bytes(), "application/pdf")]
    response = client.post(reverse("matters:intake"), data)
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "matters:detail", args=[app.pk])
    assert app.first_receiver == clerk and app.window == window
    assert app.version == item.current_version and app.situation.name == "翻建"
    rows = {am.material.name: am for am in app.materials.select_related("material")}
    assert set(rows) == {"宅基地申请审批表", "申请人身份证、户口簿", "原宅基地使用证明",
                         "四邻签字意见"}  # 新建's 村民小组意见 is not asked for 翻建
    assert rows["申请人身份证、户口簿"].problem == "户口簿复印件不清晰"
    assert rows["原宅基地使用证明"].problem == "未提交"
    assert not rows["原宅基地使用证明"].received
    assert rows["四邻签字意见"].problem == ""  # optional: not a problem
    scans = Attachment.objects.filter(object_id=rows["宅基地申请审批表"].pk,
                                      kind="scan")
    assert sorted(scans.values_list("original_name", flat=True)) == [
        "审批表1.png", "审批表2.pdf"]
    page = client.get(response["Location"]).content.decode()
    assert "户口簿复印件不清晰" in page and "审批表1.png" in page
    assert "按第1版办理" in page and "一次性告知补正" in page


def test_intake_creates_a_new_party(client, clerk, item, window):
    client.force_login(clerk)
    data = intake_data(item, PartyFactory.build(pk=None), window)
    data.pop("party_id")
    data.update({"party-kind": "person", "party-name": "新申请人",
                 "party-phone": "13912345678"})
    response = client.post(reverse("matters:intake"), data)
    assert response.status_code == 302
    assert Application.objects.get().party.name == "新申请人"


def test_intake_without_item_says_so_and_keeps_the_input(client, clerk, item, party,
                                                          window):
    client.force_login(clerk)
    data = intake_data(item, party, window, remark="申请人下午再来")
    data["item"] = ""
    response = client.post(reverse("matters:intake"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "请选择办理事项。" in page
    assert "申请人下午再来" in page and "张建国" in page  # nothing lost
    assert not Application.objects.exists()


def test_intake_of_an_item_with_situations_asks_for_one(client, clerk, item, party,
                                                        window):
    client.force_login(clerk)
    data = intake_data(item, party, window)
    data["situation"] = ""
    page = client.post(reverse("matters:intake"), data).content.decode()
    assert "该事项分情形办理，请选择办理情形。" in page
    assert not Application.objects.exists()


def test_intake_refuses_a_scan_that_is_not_an_image_or_pdf(client, clerk, item, party,
                                                           window):
    client.force_login(clerk)
    _, materials = materials_of(item, "翻建")
    data = intake_data(item, party, window, remark="带了扫描件")
    data[f"m{materials[0].pk}_scans"] = [
        SimpleUploadedFile("审批表.png", b"<html>not a picture</html>", "image/png")]
    response = client.post(reverse("matters:intake"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "文件类型不支持" in page
    assert "带了扫描件" in page
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_intake_scan_of_a_material_not_ticked_is_refused(client, clerk, item, party,
                                                         window):
    client.force_login(clerk)
    _, materials = materials_of(item, "翻建")
    data = intake_data(item, party, window, received=[])
    data[f"m{materials[0].pk}_scans"] = [
        SimpleUploadedFile("a.png", files.png_bytes(), "image/png")]
    page = client.post(reverse("matters:intake"), data).content.decode()
    assert "已上传扫描件，请勾选“已收”" in page
    assert not Application.objects.exists()


def test_intake_refresh_shows_the_chosen_items_materials_without_saving(
        client, clerk, item, party, window):
    client.force_login(clerk)
    situation, _ = materials_of(item, "新建")
    data = {"party_id": party.pk, "item": item.pk, "situation": situation.pk,
            "channel": "window", "window": window.pk, "refresh": "1"}
    page = client.post(reverse("matters:intake"), data).content.decode()
    assert "村民小组意见" in page and "原宅基地使用证明" not in page
    assert "请选择办理事项" not in page and not Application.objects.exists()


def test_intake_materials_fragment_follows_the_situation(client, clerk, item):
    client.force_login(clerk)
    situation, _ = materials_of(item, "翻建")
    page = client.get(reverse("matters:intake_materials"),
                      {"item": item.pk, "situation": situation.pk}).content.decode()
    assert "原宅基地使用证明" in page and "村民小组意见" not in page
    junk = client.get(reverse("matters:intake_materials"), {"item": "x' or 1=1"})
    assert junk.status_code == 200 and "请先选择办理事项" in junk.content.decode()


def test_intake_twice_with_one_token_makes_one_application(client, clerk, item, party,
                                                           window):
    client.force_login(clerk)
    data = intake_data(item, party, window, submit_token="t" * 32)
    first = client.post(reverse("matters:intake"), data)
    second = client.post(reverse("matters:intake"), data)
    assert Application.objects.count() == 1
    assert first["Location"] == second["Location"]


# --- the record page and its verbs --------------------------------------------------

def test_record_page_shows_version_materials_deadline_and_the_clerks_buttons(
        client, clerk, item, party):
    app = receive(clerk, item, party)
    client.force_login(clerk)
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert app.number in page and "按第1版办理" in page and "情形：翻建" in page
    assert "一次性告知期限" in page and "未提交" in page
    assert reverse("matters:request_correction", args=[app.pk]) in page
    assert reverse("matters:accept", args=[app.pk]) not in page  # materials missing
    assert "不能受理" in page  # the blocked action says why


def test_correction_then_resubmit_then_accept_issues_the_documents(
        client, clerk, item, party, django_capture_on_commit_callbacks):
    app = receive(clerk, item, party)
    client.force_login(clerk)
    owed = app.materials.get(material__name="原宅基地使用证明")
    form = client.get(reverse("matters:request_correction", args=[app.pk]))
    assert "未提交" in form.content.decode()  # the intake's problem, filled in
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matters:request_correction", args=[app.pk]),
            {"expected_state": "received",
             f"problem_{owed.pk}": "缺原宅基地使用证明原件"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.get_state_display() == "补正"
    owed.refresh_from_db()
    assert owed.problem == "缺原宅基地使用证明原件"
    doc = client.get(reverse("matters:document", args=[app.pk, "correction_notice"]))
    assert doc.status_code == 200 and doc["Content-Type"] == "application/pdf"
    client.post(reverse("matters:resubmit", args=[app.pk]),
                {"expected_state": "correction", "supplied": [owed.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matters:accept", args=[app.pk]),
                    {"expected_state": "received"})
    app.refresh_from_db()
    assert app.get_state_display() == "已受理" and app.promised_due_at is not None
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "受理通知书" in page and "一次性告知书" in page


def test_correction_with_nothing_to_correct_is_refused_with_the_input_kept(
        client, clerk, item, party):
    app = receive(clerk, item, party)
    client.force_login(clerk)
    owed = app.materials.get(material__name="原宅基地使用证明")
    response = client.post(reverse("matters:request_correction", args=[app.pk]),
                           {"expected_state": "received", f"problem_{owed.pk}": "",
                            "note": "当场核对"})
    page = response.content.decode()
    assert response.status_code == 200 and "请至少写明一项需补正的材料" in page
    assert "当场核对" in page
    app.refresh_from_db()
    assert app.get_state_display() == "收件"


def test_refusal_needs_reason_basis_and_remedy_then_is_on_the_refusals_list(
        client, clerk, manager, item, party):
    app = receive(clerk, item, party)
    client.force_login(clerk)
    url = reverse("matters:refuse", args=[app.pk])
    page = client.post(url, {"expected_state": "received", "reason": "不属本乡",
                             "basis": "", "remedy": "可申请复议"}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert "不属本乡" in page
    client.post(url, {"expected_state": "received", "reason": "户籍不在本乡",
                      "basis": "《行政许可法》第三十二条", "remedy": "可申请复议"})
    app.refresh_from_db()
    assert app.get_state_display() == "不予受理"
    assert client.get(reverse("matters:refusals")).status_code == 403  # a clerk
    client.force_login(manager)
    page = client.get(reverse("matters:refusals")).content.decode()
    assert app.number in page and "户籍不在本乡" in page


def test_a_stale_form_is_told_not_a_500(client, clerk, item, party):
    app = receive(clerk, item, party, missing=())
    client.force_login(clerk)
    response = client.post(reverse("matters:accept", args=[app.pk]),
                           {"expected_state": "correction"})
    assert response.status_code == 200
    assert "该记录刚被他人处理" in response.content.decode()
    response = client.post(reverse("matters:accept", args=[app.pk]),
                           {"remark": "没有页面带来的状态"})
    assert response.status_code == 200 and "页面已过期" in response.content.decode()


# --- queues -------------------------------------------------------------------------

def test_window_queue_searches_by_number_and_phone_and_filters_state(
        client, clerk, item, party):
    first = receive(clerk, item, party)
    other = receive(clerk, item, PartyFactory(name="李秀英", phone="13800138002"),
                    missing=())
    services.accept_application(other, clerk)
    client.force_login(clerk)
    url = reverse("matters:list")
    by_number = client.get(url, {"q": first.number}).content.decode()
    assert first.number in by_number and other.number not in by_number
    by_phone = client.get(url, {"q": "13800138002"}).content.decode()
    assert other.number in by_phone and first.number not in by_phone
    accepted = client.get(url, {"state": "accepted"}).content.decode()
    assert other.number in accepted and first.number not in accepted
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert first.number not in overdue
    bad = client.get(url, {"state": "nonsense", "page": "x"})
    assert bad.status_code == 200


def test_department_queue_shows_what_the_handler_takes(client, clerk, handler,
                                                       other_handler, item, party):
    app = services.accept_application(receive(clerk, item, party, missing=()), clerk)
    client.force_login(handler)
    assert app.number in client.get(reverse("matters:department")).content.decode()
    client.force_login(other_handler)
    assert app.number not in client.get(
        reverse("matters:department")).content.decode()


# --- who may open what --------------------------------------------------------------

def _pages(app):
    return [reverse("matters:list"), reverse("matters:intake"),
            reverse("matters:intake_materials"), reverse("matters:department"),
            reverse("matters:refusals"), reverse("matters:detail", args=[app.pk]),
            reverse("matters:accept", args=[app.pk]),
            reverse("matters:document", args=[app.pk, "acceptance"])]


def test_every_page_requires_login(client, clerk, item, party):
    app = receive(clerk, item, party)
    for url in _pages(app):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_an_outsider_gets_403_everywhere_never_a_500(client, clerk, outsider, item,
                                                     party):
    app = receive(clerk, item, party)
    client.force_login(outsider)
    for url in _pages(app):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("matters:intake"), {}).status_code == 403


def test_a_handler_of_another_department_cannot_open_the_record(
        client, clerk, other_handler, item, party):
    app = receive(clerk, item, party)
    client.force_login(other_handler)
    assert client.get(reverse("matters:detail", args=[app.pk])).status_code == 403
    assert client.get(reverse("matters:document",
                              args=[app.pk, "acceptance"])).status_code == 403
    assert client.get(reverse("matters:intake")).status_code == 403
    assert client.get(reverse("matters:detail", args=[app.pk + 999])).status_code == 404


def test_a_handler_cannot_run_a_window_verb(client, clerk, handler, item, party):
    app = receive(clerk, item, party, missing=())
    client.force_login(handler)
    response = client.post(reverse("matters:accept", args=[app.pk]),
                           {"expected_state": "received"})
    assert response.status_code == 200 and "您没有权限" in response.content.decode()
    app.refresh_from_db()
    assert app.get_state_display() == "收件"
    assert Party.objects.count() == 1


# --- the department's side of the record page ---------------------------------------

def _taken(clerk, handler, item, party):
    app = services.accept_application(receive(clerk, item, party, missing=()), clerk)
    return services.take_application(app, handler, handler=handler)


def test_a_publicity_stage_shows_the_paused_clock(client, clerk, handler, item,
                                                  party):
    app = _taken(clerk, handler, item, party)
    client.force_login(handler)
    client.post(reverse("matters:pause", args=[app.pk]),
                {"expected_state": "handling", "kind": "publicity",
                 "planned_days": "7", "note": "村务公开栏"})
    app.refresh_from_db()
    assert app.get_state_display() == "特殊环节"
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "计时暂停" in page and "公示" in page and "进行中" in page
    assert reverse("matters:resume", args=[app.pk]) in page
    listing = client.get(reverse("matters:department")).content.decode()
    assert app.number in listing and "计时暂停" in listing


def test_extension_is_asked_by_the_handler_and_decided_by_the_leader(
        client, clerk, handler, leader, item, party):
    app = _taken(clerk, handler, item, party)
    before = app.promised_due_at
    client.force_login(handler)
    url = reverse("matters:extension_request", args=[app.pk])
    page = client.post(url, {"days": "30", "reason": "需等待勘测"}).content.decode()
    assert "延期天数应为1至10天" in page and "需等待勘测" in page  # the allowance
    client.post(url, {"days": "10", "reason": "需等待县自然资源局勘测"})
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "待审批" in page and url not in page  # once only
    assert client.get(url).status_code == 403
    decide = reverse("matters:extension_decide", args=[app.pk])
    assert client.post(decide, {"approve": "1"}).status_code == 403  # not a leader
    client.force_login(leader)
    client.post(decide, {"expected_state": "requested", "approve": "1", "note": "同意"})
    app.refresh_from_db()
    assert app.extension_days == 10 and app.promised_due_at > before
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "已批准" in page and "延期告知书" in page


def test_a_waived_material_is_supplied_later_from_the_record_page(
        client, clerk, item, party):
    app = receive(clerk, item, party)  # 原宅基地使用证明 is 容缺-able
    client.force_login(clerk)
    response = client.post(reverse("matters:accept_with_waiver", args=[app.pk]),
                           {"expected_state": "received", "promised_by": "2020-01-01"})
    assert "承诺补交日期不能早于今天" in response.content.decode()
    client.post(reverse("matters:accept_with_waiver", args=[app.pk]),
                {"expected_state": "received", "promised_by": "2099-01-01"})
    app.refresh_from_db()
    assert app.get_state_display() == "已受理"
    owed = app.materials.get(material__name="原宅基地使用证明")
    assert owed.waived
    supply = reverse("matters:supply_material", args=[app.pk, owed.pk])
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert supply in page
    assert client.get(supply).status_code == 405
    client.post(supply)
    owed.refresh_from_db()
    assert owed.supplied_at is not None and owed.received
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "已于" in page and supply not in page


def test_the_record_page_and_the_queue_stay_within_ten_queries(
        client, clerk, item, party, django_assert_max_num_queries):
    # accepted: in 收件 the model's material conditions add their own EXISTS
    app = services.accept_application(receive(clerk, item, party, missing=()), clerk)
    am = app.materials.first()
    services.attach_scan(am, clerk, SimpleUploadedFile("s.png", files.png_bytes(),
                                                       "image/png"))
    for n in range(3):
        receive(clerk, item, PartyFactory(name=f"申请人{n}"))
    client.force_login(clerk)
    client.get(reverse("matters:detail", args=[app.pk]))  # warm the role cache
    with django_assert_max_num_queries(10):
        page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "上传扫描件" in page and "s.png" in page  # the scan is in the timeline
    with django_assert_max_num_queries(10):
        client.get(reverse("matters:list"), {"q": "13800138001"})


def test_the_overdue_list_reads_its_rows_from_one_index_alone():
    """台账 ?overdue: the overdue 办件 (~15,000 at 1M) come from
    ``matter_state_due_incl_idx``, which holds the page's order (received_at, id), so
    PostgreSQL sorts them without visiting their rows (20 ms -> 5 ms at 1M; the plan
    is PostgreSQL's choice only on a full table, so the index is what is pinned)."""
    index = next(i for i in Application._meta.indexes
                 if i.name == "matter_state_due_incl_idx")
    assert index.fields == ["state", "due_at"]
    assert {"received_at", "id"} <= set(index.include)
