import logging
import subprocess

import pytest

from servicecenter.pdf import render_pdf
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def _pdffonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def chinese_pdf():
    party = PartyFactory(name="阿不都·热合曼", village="红星村", address="红星村4组2号")
    return render_pdf("pdf/party_card.html", {
        "title": "群众/客户档案卡", "number": "P000001", "party": party,
        "id_number": party.masked_id_number, "sections": [],
    })


def test_pdf_is_a4_pdf(chinese_pdf, tmp_path):
    assert chinese_pdf.startswith(b"%PDF-")
    path = tmp_path / "out.pdf"
    path.write_bytes(chinese_pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "(A4)" in info, info


def test_pdf_embeds_a_cjk_font(chinese_pdf, tmp_path):
    fonts = _pdffonts(chinese_pdf, tmp_path)
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line or "CJK" in line]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk), fonts  # emb column
    assert len(fonts.splitlines()) == 3, fonts  # header, rule, and the one CJK font


def test_pdf_has_no_missing_glyphs(caplog):
    party = PartyFactory(name="测试群众")
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        render_pdf("pdf/party_card.html", {
            "title": "群众/客户档案卡：信访、维修、投诉、回访", "number": "P000002",
            "party": party, "id_number": "", "sections": [],
        })
    assert not [r for r in caplog.records if "notdef" in r.getMessage().lower()]


def test_pdf_text_is_extractable_chinese(chinese_pdf, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(chinese_pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "群众/客户档案卡" in text
    assert "阿不都·热合曼" in text


def test_qr_code_on_the_printed_page_reads_back_the_number(chinese_pdf, tmp_path):
    """The 1-bit PNG QR code, printed 22 mm wide without smoothing, scans at 150 dpi."""
    import zxingcpp
    from PIL import Image

    (tmp_path / "out.pdf").write_bytes(chinese_pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1",
                    str(tmp_path / "out.pdf"), str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page*.png")))
    codes = zxingcpp.read_barcodes(page)
    assert [(c.format, c.text) for c in codes] == [(zxingcpp.BarcodeFormat.QRCode,
                                                    "P000001")]
