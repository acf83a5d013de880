"""办件 in a real browser: a clerk takes an application with a material missing, issues
the 一次性告知书, then accepts it when the material comes (SPEC §7, issue #19 item 7).
The rating part of the walk is tests/e2e/test_matters_rating.py."""

import pytest

from matters.models import Application
from servicecenter.demo import DEMO_PASSWORD, seed
from servicecenter.models import Department, Window
from tests import files
from tests.e2e.conftest import DESKTOP, TABLET, login
from tests.matters.window_catalogue import make_item

pytestmark = pytest.mark.django_db(transaction=True)
SIZES = {"1366x768": DESKTOP, "1024x768": {"viewport": {"width": 1024,
                                                       "height": 768}}}


def _item():
    department = Department.objects.get(code="SWB")
    department.abbr = "MZ"
    department.save()
    return make_item(department, serial=99, window=Window.objects.get(number=1))


def _intake(page, item, tmp_path, shot):
    page.goto("/matters/new/")
    page.fill("#party-q", "13800138001")
    page.click("#party-search")
    page.click("#party-results button")
    assert "张建国" in page.inner_text("#party-chosen")
    with page.expect_response(lambda r: "/matters/new/materials/" in r.url):
        page.select_option("select[name=item]", str(item.pk))
    page.wait_for_selector("select[name=situation]")  # fetched without a reload
    assert "请先选择办理情形" in page.inner_text("#materials")
    with page.expect_response(lambda r: "/matters/new/materials/" in r.url):
        page.select_option("select[name=situation]", label="翻建")
    page.wait_for_selector("#materials-table")
    rows = page.locator("#materials-table tbody tr")
    assert rows.count() == 4  # 新建's 村民小组意见 is not asked for 翻建
    for name in ("宅基地申请审批表", "申请人身份证、户口簿", "四邻签字意见"):
        page.locator("#materials-table tr", has_text=name).locator(
            "input[type=checkbox]").check()
    scan = tmp_path / "审批表.png"
    scan.write_bytes(files.png_bytes((60, 80)))
    page.locator("#materials-table tr", has_text="宅基地申请审批表").locator(
        "input[type=file]").set_input_files(str(scan))
    owed = page.locator("#materials-table tr", has_text="原宅基地使用证明")
    owed.locator("input[type=text]").fill("未带原件")
    chosen = page.locator("#materials-table tr", has_text="宅基地申请审批表")
    assert "审批表.png" in chosen.locator(".file-names").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "matters-intake-1366x768")
    page.locator("#materials").scroll_into_view_if_needed()
    shot(page, "matters-intake-materials-1366x768")
    page.set_viewport_size(SIZES["1024x768"]["viewport"])
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "matters-intake-1024x768")
    page.locator("#materials").scroll_into_view_if_needed()
    shot(page, "matters-intake-materials-1024x768")
    page.set_viewport_size(DESKTOP["viewport"])
    page.click("#intake-submit")
    page.wait_for_load_state("networkidle")


def _look_at_pdf(page, link, tmp_path, name):
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    from tests.e2e.conftest import ARTIFACTS

    (ARTIFACTS / f"{name}.pdf").write_bytes(response.body())
    return response.body()


def test_clerk_corrects_then_accepts_an_application(new_page, shot, tmp_path):
    seed()
    item = _item()
    page = new_page(**DESKTOP)
    login(page, "clerk", DEMO_PASSWORD)
    _intake(page, item, tmp_path, shot)
    app = Application.objects.get()
    assert app.party.name == "张建国" and app.first_receiver.username == "clerk"
    assert app.number in page.locator("h1").inner_text()
    assert "未带原件" in page.inner_text("#materials")
    assert "审批表.png" in page.inner_text("#materials")

    page.click("#actions >> text=一次性告知补正")
    field = page.get_by_label("原宅基地使用证明")
    assert field.input_value() == "未带原件"  # the intake's problem, filled in
    page.click("#transition-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#application-state") == "补正"
    notice = page.locator("#documents a[data-doc=correction_notice]")
    assert b"%PDF" in _look_at_pdf(page, notice, tmp_path, "matters-correction")[:8]

    page.click("#actions >> text=补正材料收件")
    page.locator("#transition-form input[type=checkbox]").check()
    page.click("#transition-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#application-state") == "收件"
    page.click("#actions >> text=\"受理\"")
    page.click("#transition-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#application-state") == "已受理"
    app.refresh_from_db()
    assert app.accepted_at is not None and app.promised_due_at is not None
    receipt = page.locator("#documents a[data-doc=acceptance]")
    _look_at_pdf(page, receipt, tmp_path, "matters-acceptance")
    shot(page, "matters-record-1366x768")
    page.set_viewport_size(SIZES["1024x768"]["viewport"])
    shot(page, "matters-record-1024x768")

    page.set_viewport_size(DESKTOP["viewport"])
    page.goto("/matters/?q=13800138001&state=all")
    assert app.number in page.inner_text("table.list")
    shot(page, "matters-queue-1366x768")
    page.set_viewport_size(SIZES["1024x768"]["viewport"])
    shot(page, "matters-queue-1024x768")


def test_intake_works_on_the_window_tablet_size_without_a_horizontal_scroll(
        new_page, shot):
    seed()
    _item()
    page = new_page(**TABLET)
    login(page, "clerk", DEMO_PASSWORD)
    page.goto("/matters/new/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1024
