"""Each petition document renders with Chinese text and the content it must carry."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions import pdf, services
from servicecenter.pdf import latest_issued
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


def test_register_form(flow, tmp_path):
    p = flow.petition("accepted")
    text = _text(pdf.render(p, "register"), tmp_path)
    for expected in ["信访登记表", p.number, p.party.name, "道路破损影响出行", "来访",
                     "请社会事务办核实办理", "社会事务办公室"]:
        assert expected in text, expected


def test_acceptance_notice(flow, tmp_path):
    p = flow.petition("accepted")
    text = _text(pdf.render(p, "acceptance"), tmp_path)
    due = timezone.localtime(p.handle_due_at)
    for expected in ["受理告知书", "予以受理", "60日内办结",
                     f"{due.year}年{due.month}月{due.day}日"]:
        assert expected in text, expected


def test_decline_notice_names_the_route(flow, tmp_path):
    p = flow.petition("declined")
    text = _text(pdf.render(p, "decline"), tmp_path)
    for expected in ["不予受理告知书", "不予受理", "属于劳动争议", "仲裁"]:
        assert expected in text, expected


def test_extension_notice(flow, handler, leader, tmp_path):
    p = flow.petition("in_progress")
    ext = services.request_extension(p, handler, days=15, reason="需要等待鉴定结论")
    services.decide_extension(ext, leader, approve=True)
    p.refresh_from_db()
    text = _text(pdf.render(p, "extension"), tmp_path)
    for expected in ["延期告知书", "需要等待鉴定结论", "延长15日", "不超过30日"]:
        assert expected in text, expected


def test_opinion_has_request_facts_decision_basis_and_review_right(flow, tmp_path):
    p = flow.petition("replied")
    text = _text(pdf.render(p, "opinion"), tmp_path)
    for expected in ["信访事项处理意见书", "村道路面塌陷", "经核实情况属实", "予以支持",
                     "《公路法》第三十五条", "30日内", "复查"]:
        assert expected in text, expected


def test_issued_document_is_stored_and_reprinted_unchanged(client, flow, clerk,
                                                           django_capture_on_commit_callbacks):
    p = flow.petition("result_reported")
    with django_capture_on_commit_callbacks(execute=True):
        p = services.reply_petition(p, clerk, method="书面答复")
    issued = latest_issued(p, "opinion")
    stored = issued.file.read()
    client.force_login(clerk)
    response = client.get(reverse("petitions:document", args=[p.pk, "opinion"]))
    assert b"".join(response.streaming_content) == stored


def test_missing_issue_is_issued_on_first_download(client, flow, leader):
    p = flow.petition("transferred")  # after-commit never ran in this test
    client.force_login(leader)
    response = client.get(reverse("petitions:document", args=[p.pk, "transfer"]))
    assert response.status_code == 200
    assert latest_issued(p, "transfer") is not None
    assert client.get(reverse("petitions:document",
                              args=[p.pk, "decline"])).status_code == 404
