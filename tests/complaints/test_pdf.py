"""客户投诉处理单, 客户回访表 and 回访报告 as PDFs with an embedded CJK font."""

import subprocess

import pytest
from django.urls import reverse

from tests.complaints.factories import at, make_complaint, make_revisit
from tests.pdfcheck import cjk_embedded
from tickets.followups import record_attempt

pytestmark = pytest.mark.django_db


def _text_and_fonts(pdf: bytes, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    return text, fonts


def _get_pdf(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if response.streaming:  # an issued document is served from its stored file
        return b"".join(response.streaming_content)
    return response.content


def test_complaint_form_pdf(client, personas, tmp_path):
    c = make_complaint("reported", clerk=personas["clerk"], manager=personas["manager"],
                       responsible=personas["engineer"], followup="completed")
    client.force_login(personas["clerk"])
    text, fonts = _text_and_fonts(
        _get_pdf(client, reverse("tickets:complaint_pdf", args=[c.pk])), tmp_path)
    assert "客户投诉处理单" in text and c.number in text and "排班冲突" in text
    assert cjk_embedded(fonts)


def test_revisit_form_pdf(client, clerk, tmp_path):
    r = make_revisit()
    r = record_attempt(r, clerk, reached=False, at=at(2026, 5, 11, 9))
    r = record_attempt(r, clerk, reached=True, rating=5, notes="非常好",
                       at=at(2026, 5, 11, 15))
    client.force_login(clerk)
    text, fonts = _text_and_fonts(
        _get_pdf(client, reverse("tickets:revisit_pdf", args=[r.pk])), tmp_path)
    assert "客户回访表" in text and r.number in text and "非常满意" in text
    assert "未接通" in text and cjk_embedded(fonts)


def test_monthly_report_pdf(client, manager, tmp_path):
    client.force_login(manager)
    text, fonts = _text_and_fonts(
        _get_pdf(client, reverse("tickets:revisit_report_pdf"), month="2026-05"),
        tmp_path)
    assert "回访报告" in text and "2026年05月" in text and cjk_embedded(fonts)
