"""转交 in a real browser: a clerk hands a repair intake to another window; that
window's clerk accepts it on their 工作台."""

import pytest
from django.contrib.auth.models import User

from repairs.models import RepairOrder
from servicecenter.demo import DEMO_PASSWORD, seed
from servicecenter.models import Handover, Notification, Window
from tests.e2e.conftest import DESKTOP, TABLET, login
from tests.e2e.test_repairs import _intake

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_hands_a_repair_to_another_window_who_accepts_it(new_page, shot,
                                                               tmp_path):
    seed()
    window2 = Window.objects.get(number=2)
    page = new_page(**DESKTOP)
    login(page, "clerk", DEMO_PASSWORD)
    _intake(page, tmp_path)
    order = RepairOrder.objects.get()
    page.click("#handover-panel >> text=转交")
    page.wait_for_load_state("networkidle")
    assert "转交（首问负责制）" in page.locator("h1").inner_text()
    page.click("#handover-form button[type=submit]")  # nothing chosen: told why
    page.wait_for_load_state("networkidle")
    assert "请选择转交给哪个窗口、科室或人员" in page.content()
    page.select_option("#id_target", f"w:{window2.pk}")
    page.fill("#id_note", "打印机维修属技术服务窗口")
    shot(page, "handover-form-1366x768")
    page.set_viewport_size({"width": 1024, "height": 768})
    shot(page, "handover-form-1024x768")
    page.set_viewport_size(DESKTOP["viewport"])
    page.click("#handover-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "待对方接收" in page.inner_text("#handover-panel")
    page.goto("/")
    assert "待对方接收" in page.inner_text("table.workqueue")
    shot(page, "handover-workbench-sender-1366x768")

    other = new_page(**TABLET)  # the 1024×768 shot of the receiver's 工作台
    login(other, "clerk2", DEMO_PASSWORD)
    row = other.locator("table.workqueue tr", has_text="待我接收")
    assert order.number in row.inner_text() and "王窗口转交" in row.inner_text()
    shot(other, "handover-workbench-1024x768")
    row.locator("a.row-link").click()
    other.wait_for_load_state("networkidle")
    shot(other, "handover-record-1024x768")
    other.click("#handover-panel button:has-text('接收')")
    other.wait_for_load_state("networkidle")
    assert "已接收转交，该事项现由您承办" in other.content()
    assert "接收转交" in other.inner_text("ol.timeline")
    order.refresh_from_db()
    assert order.received_by == User.objects.get(username="clerk2")
    assert Handover.objects.get().state == Handover.State.ACCEPTED
    clerk = User.objects.get(username="clerk")
    assert Notification.objects.filter(recipient=clerk, kind="handover").count() == 1
    page.goto("/")  # off the first receiver's list of waiting handovers
    assert "待对方接收" not in page.inner_text("table.workqueue")


def test_a_call_is_logged_and_passed_on_in_one_short_form(new_page, shot):
    seed()
    window2 = Window.objects.get(number=2)
    page = new_page(**DESKTOP)
    login(page, "clerk", DEMO_PASSWORD)
    page.click("header nav >> text=来电来访")
    page.wait_for_load_state("networkidle")
    page.fill("#id_caller", "王德明")
    page.fill("#id_phone", "13800138003")
    page.fill("#id_matter", "路灯不亮，问找哪个部门")
    page.select_option("#id_target", f"w:{window2.pk}")
    shot(page, "enquiry-form-1366x768")
    page.click("#enquiry-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已登记：王德明，已转告2号窗口（技术服务受理）" in page.content()
    page.fill("input[name=phone][type=search]", "13800138003")
    page.click("form.filters button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#enquiries tbody tr").count() == 1
    page.set_viewport_size({"width": 1024, "height": 768})
    shot(page, "enquiry-list-1024x768")
    clerk2 = User.objects.get(username="clerk2")
    told = Notification.objects.filter(recipient=clerk2, kind="enquiry",
                                       title__contains="王德明")
    assert told.count() == 1
