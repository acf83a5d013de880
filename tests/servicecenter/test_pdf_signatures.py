"""A captured signature sits in its box, under its label, on every signed form.

Laid out by WeasyPrint itself: the image's box must lie inside the signature box's
border and below the line that carries the label (it used to float above and to
the right of 「客户签名：」 on the pickup form).
"""

import base64
import io
from types import SimpleNamespace as NS

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image, ImageDraw
from weasyprint import HTML
from weasyprint.formatting_structure import boxes


def _signature_uri() -> str:
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(30, 150), (120, 40), (220, 150), (320, 50),
                                (420, 150), (560, 60)], fill=(0, 0, 0, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _walk(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _walk(child)


def _layout(html: str):
    page = HTML(string=html).render().pages[0]
    return list(_walk(page._page_box))


def _inside(inner, outer) -> bool:
    x, y = outer.border_box_x(), outer.border_box_y()
    return (x <= inner.border_box_x() and y <= inner.border_box_y()
            and inner.border_box_x() + inner.border_width() <= x + outer.border_width()
            and inner.border_box_y() + inner.border_height()
            <= y + outer.border_height())


def _pickup(uri):
    now = timezone.now()
    order = NS(number="WX2026-00001", device_type="打印机", brand="惠普",
               model_name="P1108", serial_number="SN1", received_at=now, signed_at=now,
               unrepairable_reason="", diagnosis="更换定影器",
               reinspection_result="合格",
               accessories="电源线", signer_name="张建国")
    party = NS(name="张建国", phone="13800138001")
    return render_to_string("pdf/repair_pickup.html", {
        "order": order, "party": party, "number": order.number,
        "title": "维修取件确认单", "signature": uri}), ["客户签名"]


def _maintenance(uri):
    now = timezone.now()
    ticket = NS(party=NS(name="张建国"), system="网络", maintenance_due=now,
                engineer_name="李工程师")
    record = NS(recorded_at=now, checklist="正常", findings="", memo="",
                special_ticket=None)
    signatures = [{"role": role, "name": name, "at": now, "uri": uri}
                  for role, name in (("客户", "马老师"), ("工程师", "李工程师"))]
    return render_to_string("pdf/ticket_maintenance.html", {
        "ticket": ticket, "plan": None, "record": record, "title": "系统维护记录",
        "signatures": signatures}), ["客户签字", "工程师签字"]


@pytest.mark.parametrize("form", [_pickup, _maintenance])
def test_the_signature_sits_in_its_box_under_its_label(form):
    html, labels = form(_signature_uri())
    laid_out = _layout(html)
    signboxes = [b for b in laid_out if b.element_tag == "div"
                 and "signbox" in (b.element.get("class") or "")
                 and isinstance(b, boxes.BlockBox)]
    assert len(signboxes) == len(labels)
    for signbox, label in zip(signboxes, labels, strict=True):
        inside = list(_walk(signbox))
        images = [b for b in inside if isinstance(b, boxes.ReplacedBox)]
        texts = [b for b in inside if isinstance(b, boxes.TextBox) and label in b.text]
        assert len(images) == 1 and texts, label
        image, text = images[0], texts[0]
        assert _inside(image, signbox), f"{label}: the signature leaves its box"
        assert image.border_box_y() >= text.position_y + text.height, (
            f"{label}: the signature is not under its label")
        middle = signbox.border_box_x() + signbox.border_width() / 2
        assert image.border_box_x() < middle, f"{label}: the signature drifts right"
