import subprocess

import pytest

from repairs import pdf
from tests.pdfcheck import cjk_embedded
from tests.repairs.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db


def _text_and_fonts(content: bytes, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    return text, fonts


def test_receipt_has_customer_part_and_embedded_cjk_font(clerk, tmp_path):
    order = RepairOrderFactory(received_by=clerk, accessories="电源适配器、鼠标")
    doc = pdf.issue_receipt(order, clerk)
    text, fonts = _text_and_fonts(doc.file.read(), tmp_path)
    assert "维修服务单" in text and "接收回执（客户联）" in text
    assert order.number in text and "电源适配器、鼠标" in text
    assert cjk_embedded(fonts), fonts


def test_process_record_lists_parts_with_serials(clerk, engineer, tmp_path):
    from repairs.models import RepairLogEntry

    order = RepairOrderFactory(received_by=clerk, engineer=engineer, state="repairing")
    RepairLogEntry.objects.create(order=order, engineer=engineer, action="更换主板",
                                  part_name="主板", old_serial="MBOLD7",
                                  new_serial="MBNEW8")
    text, _ = _text_and_fonts(pdf.process_record_pdf(order), tmp_path)
    assert "产品维修过程记录" in text and "MBOLD7" in text and "MBNEW8" in text
