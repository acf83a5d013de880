"""Repairs in a real browser: intake at the window, then pickup with a signature."""

import datetime

import pytest
from django.contrib.auth.models import User

from repairs import services
from repairs.models import RepairOrder
from servicecenter.demo import DEMO_PASSWORD, seed
from tests.e2e.conftest import DESKTOP, TABLET, login
from tests.repairs.conftest import PNG

pytestmark = pytest.mark.django_db(transaction=True)


def _intake(page, tmp_path):
    page.goto("/repairs/new/")
    page.fill("#party-lookup", "13800138001")
    page.click("#party-lookup-btn")
    page.click("#party-results button")
    assert "张建国" in page.inner_text("#party-chosen")
    page.fill("#id_device_type", "笔记本电脑")
    page.fill("#id_brand", "联想")
    page.fill("#id_model_name", "ThinkPad E14")
    page.fill("#id_serial_number", "PF3AB999")
    page.fill("#id_purchase_date", "2025-12-01")
    page.fill("#id_accessories", "电源适配器、电脑包")
    page.fill("#id_appearance", "左上角磕碰")
    page.fill("#id_configuration", "16G内存，512G固态")
    page.fill("#id_fault_description", "进水后无法开机")
    photo = tmp_path / "intake.png"
    photo.write_bytes(PNG)
    page.set_input_files("#id_photos", str(photo))
    page.click("#intake-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def _repair_to_ready(order):
    clerk, engineer, engineer2 = (User.objects.get(username=u)
                                  for u in ("clerk", "engineer", "engineer2"))
    order = services.assign_repair(order, clerk, engineer=engineer)
    order = services.start_diagnosis(order, engineer)
    order = services.diagnose_repair(order, engineer, diagnosis="主板进水腐蚀",
                                     warranty_status="out", route="in_house",
                                     route_reason="保外，本中心可修")
    order = services.start_repair(order, engineer)
    services.add_log_entry(order, engineer, action="清洗主板，更换电源芯片",
                           part_name="电源芯片", old_serial="IC-1", new_serial="IC-2")
    order = services.finish_repair(order, engineer)
    return services.pass_reinspection(order, engineer2, checklist="开机、充电、键盘",
                                      result="全部正常")


def _sign(page):
    box = page.locator(".signature-pad canvas").bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 40, y + 150)
    page.mouse.down()
    for i in range(1, 30):
        page.mouse.move(x + 40 + i * 12, y + 150 - (i % 6) * 18)
    page.mouse.up()


def test_intake_then_pickup_with_signature(new_page, shot, tmp_path):
    seed()
    page = new_page(**DESKTOP)
    login(page, "clerk", DEMO_PASSWORD)
    _intake(page, tmp_path)
    order = RepairOrder.objects.get()
    assert order.party.name == "张建国" and order.state == "received"
    assert order.number in page.locator("h1").inner_text()
    assert page.locator("#print-receipt").is_visible()
    shot(page, "repairs-intake-done-1366x768")
    receipt = page.request.get(page.locator("#print-receipt").get_attribute("href"))
    assert receipt.headers["content-type"] == "application/pdf"

    _repair_to_ready(order)
    tablet = new_page(**TABLET)
    login(tablet, "engineer", DEMO_PASSWORD)
    tablet.goto(f"/repairs/{order.pk}/bench/")
    assert tablet.locator("body.tablet").count() == 1
    shot(tablet, "repairs-bench-1024x768")

    page.goto(f"/repairs/{order.pk}/")
    page.click("text=客户取件")
    page.fill("#id_signer_name", "张建国")
    # no signature yet: refused, nothing lost
    page.click("#deliver-form button[type=submit]")
    assert "请客户在签名板上签名" in page.content()
    assert page.input_value("#id_signer_name") == "张建国"
    page.check("#id_confirmed")
    _sign(page)
    shot(page, "repairs-pickup-signature-1366x768")
    page.click("#deliver-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    order = RepairOrder.objects.get(pk=order.pk)
    assert order.state == "closed" and order.signer_name == "张建国"
    assert order.closed_at.date() <= datetime.date.today() + datetime.timedelta(days=1)
    with order.signature.open("rb") as fh:
        assert len(fh.read()) > 1000  # a drawn stroke, not an empty canvas
    assert page.locator("img.signature").is_visible()
    # the image really loads (through the file view; there is no /media/ route)
    assert page.locator("img.signature").evaluate("i => i.naturalWidth") > 0
    shot(page, "repairs-closed-1366x768")
