"""The three forms render with the embedded CJK font and the signature images."""

import subprocess

import pytest
from django.utils import timezone

from tests.pdfcheck import cjk_embedded
from tickets.service import services
from tickets.service.pdf import task_form_pdf

pytestmark = pytest.mark.django_db


def _pdf_images(tmp_path, pdf: bytes) -> list[str]:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True,
                         text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert cjk_embedded(fonts)
    return out.strip().splitlines()[2:]


def _resolved(clerk, engineer, party, **resolve):
    ticket = services.create_ticket(clerk, party=party, contact_name="马老师",
                                    contact_phone="1", kind="onsite", channel="phone",
                                    problem="掉线")
    ticket = services.assign_ticket(ticket, clerk, engineer=engineer,
                                    appointment_at=timezone.now())
    ticket = services.start_ticket(ticket, engineer)
    return services.resolve_ticket(ticket, engineer, result="已修复",
                                   service_record="更换模块", **resolve)


def test_task_form_pdf_carries_the_signature(tmp_path, clerk, engineer, party,
                                             signature_png):
    ticket = _resolved(clerk, engineer, party, signature_data=signature_png,
                       signer_name="马老师")
    assert any(" image " in line
               for line in _pdf_images(tmp_path, task_form_pdf(ticket)))


def test_task_form_pdf_without_signature_states_the_reason(clerk, engineer, party):
    ticket = _resolved(clerk, engineer, party, no_signature_reason="客户外出")
    from servicecenter.pdf import render_pdf  # noqa: F401 - same renderer

    assert task_form_pdf(ticket)[:5] == b"%PDF-"


def test_parts_pdf(client, tmp_path, clerk, engineer, party):
    ticket = services.create_ticket(clerk, party=party, contact_name="a",
                                    contact_phone="1",
                                    kind="remote", channel="phone", problem="硬盘故障")
    ticket = services.assign_ticket(ticket, clerk, engineer=engineer)
    ticket = services.start_ticket(ticket, engineer)
    services.wait_for_parts(ticket, engineer, part_name="4TB 硬盘", supplier="合同A",
                            expected_date=timezone.localdate())
    client.force_login(clerk)
    response = client.get(f"/tickets/{ticket.pk}/parts/pdf/")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert client.get(f"/tickets/{ticket.pk + 999}/parts/pdf/").status_code == 404
