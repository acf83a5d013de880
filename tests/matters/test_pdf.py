"""Each application document renders with its CJK font embedded and the content it
must carry, prints the version the application was accepted under, and is stored as
issued."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from matters import pdf, services
from matters.models import ItemVersion
from servicecenter.pdf import latest_issued
from tests.factories import PartyFactory
from tests.matters.window_catalogue import make_item
from tests.pdfcheck import cjk_embedded

pytestmark = pytest.mark.django_db


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert cjk_embedded(fonts), fonts
    return "".join(text.split())  # CJK lines wrap anywhere


def _doc_text(app, doc_type, user, tmp_path) -> str:
    doc = pdf.issued_or_issue(app, doc_type, user)
    assert doc is not None, doc_type
    with doc.file.open("rb") as fh:
        return _text(fh.read(), tmp_path)


@pytest.fixture
def item(department, handler):
    department.abbr = "MZ"
    department.head = handler
    department.save()
    return make_item(department)


@pytest.fixture
def app(clerk, item):
    version = item.current_version
    situation = version.situations.get(name="翻建")
    materials = version.materials_for(situation)
    return services.receive_application(
        clerk, item=item, party=PartyFactory(name="张建国", phone="13800138001"),
        situation=situation,
        received=[m.pk for m in materials if m.name not in (
            "原宅基地使用证明", "申请人身份证、户口簿")])


def _correct(app, clerk):
    problems = {am.pk: ("缺少原件" if am.material.name == "原宅基地使用证明"
                        else "户口簿复印件不清晰")
                for am in app.materials.filter(material__name__in=[
                    "原宅基地使用证明", "申请人身份证、户口簿"])}
    return services.request_correction_application(app, clerk, problems=problems)


def _accepted(app, clerk):
    app = _correct(app, clerk)
    app = services.resubmit_application(app, clerk, supplied=list(
        app.materials.exclude(problem="").values_list("pk", flat=True)))
    return services.accept_application(app, clerk)


def test_correction_notice_lists_every_owed_material_at_once(app, clerk, tmp_path):
    app = _correct(app, clerk)
    text = _text(pdf.render(app, pdf.CORRECTION), tmp_path)
    for expected in ["一次性告知书", app.number, "张建国", "农村宅基地建房审批",
                     "原宅基地使用证明", "缺少原件", "申请人身份证、户口簿",
                     "户口簿复印件不清晰", "一次性告知如下", "第1版"]:
        assert expected in text, expected


def test_acceptance_receipt_has_number_promised_date_and_lookup(app, clerk, tmp_path):
    app = _accepted(app, clerk)
    text = _text(pdf.render(app, pdf.ACCEPTANCE), tmp_path)
    due = timezone.localtime(app.promised_due_at)
    for expected in ["受理通知书", app.number, "予以受理",
                     f"{due.year}年{due.month}月{due.day}日", "承办机构",
                     f"/lookup/?no={app.number}", "手机号码后4位"]:
        assert expected in text, expected


def test_acceptance_receipt_qr_code_opens_the_status_lookup(app, clerk):
    app = _accepted(app, clerk)
    context = pdf.context(app, pdf.ACCEPTANCE)
    assert context["lookup"].endswith(f"/lookup/?no={app.number}")
    assert context["qr"].startswith("data:image/png;base64,")
    assert context["qr"] != pdf.qr_data_uri(app.number)  # the URL, not the number


def test_refusal_has_reason_basis_and_remedy(app, clerk, tmp_path):
    app = services.refuse_application(
        app, clerk, reason="申请人户籍不在本乡镇", basis="《行政许可法》第三十二条",
        remedy="可于六十日内申请行政复议")
    text = _text(pdf.render(app, pdf.REFUSAL), tmp_path)
    for expected in ["不予受理决定书", "申请人户籍不在本乡镇",
                     "《行政许可法》第三十二条", "可于六十日内申请行政复议",
                     "否定报备"]:
        assert expected in text, expected


def test_extension_notice_has_reason_and_new_date(app, clerk, handler, leader,
                                                  tmp_path):
    app = _accepted(app, clerk)
    app = services.take_application(app, handler, handler=handler)
    ext = services.request_extension_application(app, handler, days=10,
                                                 reason="需等待县自然资源局勘测结果")
    services.decide_extension_application(ext, leader, approve=True)
    app.refresh_from_db()
    text = _text(pdf.render(app, pdf.EXTENSION), tmp_path)
    due = timezone.localtime(app.promised_due_at)
    for expected in ["延期告知书", "需等待县自然资源局勘测结果", "延长10个工作日",
                     f"{due.year}年{due.month}月{due.day}日", "只能延期一次"]:
        assert expected in text, expected


def _decided(app, clerk, handler):
    app = _accepted(app, clerk)
    app = services.take_application(app, handler, handler=handler)
    app = services.submit_application(app, handler, opinion="符合条件")
    return services.decide_application(app, handler, outcome="granted",
                                       decision_text="准予在原址翻建住房一处。")


def test_decision_and_result_notice(app, clerk, handler, tmp_path):
    app = _decided(app, clerk, handler)
    text = _text(pdf.render(app, pdf.DECISION), tmp_path)
    for expected in ["办理决定书", "准予", "准予在原址翻建住房一处", "土地管理法"]:
        assert expected in text, expected
    app = services.inform_application(app, clerk, inform_channel="window")
    text = _text(pdf.render(app, pdf.RESULT), tmp_path)
    day = timezone.localtime(app.decided_at)
    for expected in ["办结告知书", f"已于{day.year}年{day.month}月{day.day}日办结",
                     "准予", "窗口告知", "承诺时限内办结"]:
        assert expected in text, expected


def test_documents_print_the_version_accepted_under(app, clerk, tmp_path):
    app = _accepted(app, clerk)
    item = app.item
    newer = ItemVersion.objects.create(
        item=item, number=2, window_class=app.version.window_class,
        promised_limit_days=15, statutory_limit_days=30, phone="0994-7654321")
    item.current_version = newer
    item.save(update_fields=["current_version"])
    app.refresh_from_db()
    text = _text(pdf.render(app, pdf.ACCEPTANCE), tmp_path)
    assert "按第1版办事指南办理" in text and "承诺20个工作日" in text
    assert "0994-1234567" in text and "0994-7654321" not in text


def test_issued_document_is_stored_and_reprinted_unchanged(
        client, app, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = _accepted(app, clerk)
    issued = latest_issued(app, pdf.ACCEPTANCE)
    assert issued is not None and issued.title == "受理通知书（受理回执）"
    stored = issued.file.read()
    client.force_login(clerk)
    response = client.get(reverse("matters:document", args=[app.pk, pdf.ACCEPTANCE]))
    assert b"".join(response.streaming_content) == stored


def test_a_document_not_yet_due_is_404(client, app, clerk):
    client.force_login(clerk)
    for doc_type in (pdf.ACCEPTANCE, pdf.REFUSAL, pdf.DECISION, "nonsense"):
        url = reverse("matters:document", args=[app.pk, doc_type])
        assert client.get(url).status_code == 404, doc_type
    assert latest_issued(app, pdf.ACCEPTANCE) is None


def test_correction_notice_is_dated_today(app, clerk, tmp_path):
    app = _correct(app, clerk)
    today = timezone.localdate()
    text = _text(pdf.render(app, pdf.CORRECTION), tmp_path)
    assert f"{today.year}年{today.month}月{today.day}日" in text


def test_every_letter_to_the_applicant_opens_the_status_lookup(app, clerk, tmp_path):
    app = _correct(app, clerk)
    for doc_type in (pdf.CORRECTION, pdf.ACCEPTANCE, pdf.RESULT):
        context = pdf.context(app, doc_type)
        assert context["qr"] == pdf.qr_data_uri(pdf.lookup_url(app)), doc_type
    text = _text(pdf.render(app, pdf.CORRECTION), tmp_path)
    assert f"/lookup/?no={app.number}" in text and "手机号码后4位" in text
