"""The engineer's tablet in a real browser (touch, 1024×768 and 768×1024): start an
onsite ticket, survive a dropped network, sign on the pad, resolve; the clerk closes
it; the 技术服务任务单 PDF carries the signature image."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from tests.e2e.conftest import ARTIFACTS, DESKTOP, TABLET, TABLET_PORTRAIT, login
from tests.factories import PASSWORD, PartyFactory
from tests.pdfcheck import cjk_embedded
from tickets.models import ServiceTicket, Signature
from tickets.service import services

pytestmark = pytest.mark.django_db(transaction=True)


def _onsite_ticket(clerk, engineer):
    party = PartyFactory(name="伊吾县第一中学", phone="09940000001")
    ticket = services.create_ticket(
        clerk, party=party, contact_name="马老师", contact_phone="13900000001",
        kind="onsite", channel="phone", problem="机房交换机频繁掉线",
        address="学府路1号")
    return services.assign_ticket(ticket, clerk, engineer=engineer,
                                  appointment_at=timezone.now()
                                  + datetime.timedelta(hours=2))


def _draw_signature_with_touch(page):
    """Real touch input through the DevTools protocol: finger down, moves, up."""
    box = page.locator(".signature-pad canvas").bounding_box()
    cdp = page.context.new_cdp_session(page)
    x0, y = box["x"] + 40, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent",
             {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
    for i in range(1, 30):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": x0 + i * 12, "y": y + (25 if i % 6 < 3 else -25)}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_engineer_signs_on_tablet_and_clerk_closes(new_page, shot, clerk, engineer):
    ticket = _onsite_ticket(clerk, engineer)
    page = new_page(**TABLET)
    login(page, "engineer", PASSWORD)
    page.goto("/tickets/my/")
    assert page.locator(".task-list li").count() == 1
    page.click(f"text={ticket.number}")
    page.click("a[data-verb=start]")
    page.click("form.tablet-form button[type=submit]")
    page.wait_for_url(f"**/tickets/{ticket.pk}/tablet/")
    assert page.locator("#ticket-state").inner_text() == "处理中"
    # every control on the tablet page is a large touch target
    heights = page.eval_on_selector_all(".big-actions .btn",
                                        "els => els.map(e => e.offsetHeight)")
    assert heights and min(heights) >= 48, heights

    page.click("a[data-verb=resolve]")
    page.fill("#id_result", "更换交换机电源模块，网络恢复")
    page.fill("#id_service_record", "检测电源模块故障，更换后连续测试30分钟无掉线")
    # the network drops on submit: the page and what was typed stay
    page.context.set_offline(True)
    page.click("form.tablet-form button[type=submit]")
    page.wait_for_selector(".offline-banner:not([hidden])")
    assert page.input_value("#id_result") == "更换交换机电源模块，网络恢复"
    page.context.set_offline(False)
    page.reload()
    assert page.input_value("#id_service_record").startswith("检测电源模块故障")
    assert page.locator(".draft-note").count() == 1

    _draw_signature_with_touch(page)
    data = page.input_value("#id_signature_data")
    assert data.startswith("data:image/png;base64,") and len(data) > 1000
    page.fill("#id_signer_name", "马老师")
    shot(page, "tickets-tablet-signature-1024x768")
    page.click("form.tablet-form button[type=submit]")
    page.wait_for_url(f"**/tickets/{ticket.pk}/tablet/")
    assert page.locator("#ticket-state").inner_text() == "已反馈"
    assert "已完成反馈" in page.locator(".messages").inner_text()
    page.wait_for_function(
        "() => { const i = document.querySelector('.signatures img');"
        " return i && i.complete && i.naturalWidth > 0; }")
    assert page.evaluate(
        "Object.keys(localStorage).filter(k => k.includes('resolve'))") == []
    shot(page, "tickets-tablet-resolved-1024x768")

    ticket.refresh_from_db()
    assert ticket.state == ServiceTicket.State.RESOLVED
    assert Signature.objects.get(object_id=ticket.pk).signer_name == "马老师"

    desk = new_page(**DESKTOP)
    login(desk, "clerk", PASSWORD)
    desk.goto(f"/tickets/{ticket.pk}/")
    desk.click("text=确认完结")
    desk.fill("#id_confirmation", "客户已在平板上签字确认，电话回访无异议")
    desk.click("form.card button[type=submit]")
    desk.wait_for_url(f"**/tickets/{ticket.pk}/")
    assert "已完结" in desk.locator("h1").inner_text()
    shot(desk, "tickets-clerk-closed-1366x768")

    response = desk.request.get(f"/tickets/{ticket.pk}/pdf/")
    assert response.headers["content-type"] == "application/pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / "tickets-task-form.pdf"
    pdf_path.write_bytes(response.body())
    images = subprocess.run(["pdfimages", "-list", str(pdf_path)], capture_output=True,
                            text=True, check=True).stdout.strip().splitlines()
    assert len(images) >= 3, images  # header lines + at least the signature
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True,
                           check=True).stdout
    assert cjk_embedded(fonts)


def test_tablet_portrait_task_list_and_resolve_form(new_page, shot, clerk, engineer):
    ticket = _onsite_ticket(clerk, engineer)
    services.start_ticket(ticket, engineer)
    page = new_page(**TABLET_PORTRAIT)
    login(page, "engineer", PASSWORD)
    page.goto("/tickets/my/")
    shot(page, "tickets-tablet-my-768x1024")
    page.goto(f"/tickets/{ticket.pk}/tablet/resolve/")
    canvas = page.locator(".signature-pad canvas").bounding_box()
    assert canvas["width"] > 600 and canvas["height"] >= 200
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, width  # nothing overflows sideways in portrait
    shot(page, "tickets-tablet-resolve-768x1024")


def _stroke(page, box, dy):
    """One finger stroke (real touch input, as above) at height dy in the pad."""
    cdp = page.context.new_cdp_session(page)
    x, y = box["x"] + 40, box["y"] + dy
    cdp.send("Input.dispatchTouchEvent",
             {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 15):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": x + i * 15, "y": y + (10 if i % 2 else -10)}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_signature_pad_is_sharp_on_high_dpi_and_undoes_stroke_by_stroke(
        new_page, clerk, engineer):
    ticket = _onsite_ticket(clerk, engineer)
    services.start_ticket(ticket, engineer)
    page = new_page(**{**TABLET, "device_scale_factor": 2})
    login(page, "engineer", PASSWORD)
    page.goto(f"/tickets/{ticket.pk}/tablet/resolve/")
    canvas = page.locator(".signature-pad canvas")
    pixels = canvas.evaluate("c => [c.width, c.offsetWidth, c.height, c.offsetHeight]")
    assert pixels[0] == 2 * pixels[1] and pixels[2] == 2 * pixels[3], pixels
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    _stroke(page, box, 60)
    one = page.input_value("#id_signature_data")
    _stroke(page, box, 140)
    two = page.input_value("#id_signature_data")
    assert one.startswith("data:image/png;base64,") and two != one
    page.click("text=撤销一笔")
    undone = page.input_value("#id_signature_data")  # the first stroke, drawn again
    assert undone.startswith("data:image/png;base64,") and undone != two
    page.click("text=撤销一笔")
    assert page.input_value("#id_signature_data") == ""
    assert "signed" not in page.locator(".signature-pad").get_attribute("class")
