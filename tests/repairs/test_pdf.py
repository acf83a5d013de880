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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_receipt_being_rendered_does_not_lock_its_order(clerk, monkeypatch):
    """A worker rendering the intake receipt holds the issuing lock, not the order's
    row: the clerk's 派单 locks the order at once; a second issuing run waits and then
    finds the document issued."""
    import threading

    from django.db import connection, transaction
    from django.utils import timezone

    from repairs.models import RepairOrder
    from servicecenter import pdf as documents
    from servicecenter.models import IssuedDocument

    order = RepairOrderFactory(received_by=clerk)
    key = ("repairs.repairorder", pdf.RECEIPT)
    real = documents._ISSUERS[key]
    started, release = threading.Event(), threading.Event()

    def slow(record, user):
        started.set()
        release.wait(20)
        return real(record, user)

    monkeypatch.setitem(documents._ISSUERS, key, slow)
    since = (timezone.now() - timezone.timedelta(minutes=1)).isoformat()
    issued = []

    def worker():
        try:
            issued.append(documents.ensure_issued(key[0], order.pk, key[1],
                                                  clerk.pk, since))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    threads[0].start()
    assert started.wait(20)
    threads[1].start()
    with transaction.atomic():  # NOWAIT: raises if the row were locked
        RepairOrder.objects.select_for_update(nowait=True).get(pk=order.pk)
    release.set()
    for t in threads:
        t.join(30)
    assert len(issued) == 2 and issued[0].pk == issued[1].pk
    assert IssuedDocument.objects.filter(object_id=order.pk,
                                         doc_type=pdf.RECEIPT).count() == 1
