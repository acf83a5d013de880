"""The window's rating screen (评价器) in a real browser: the clerk pairs it, the
tablet (a second browser, touch, 1024×768, no login) receives the 请评价 sent from
the clerk's page, the citizen taps 满意 while the signal drops, and the rating is
stored once; a 差评 offers reasons. The public guide and lookup at 1366×768."""

import subprocess

import pytest

from matters.models import Rating, ServiceItem
from servicecenter.models import Window
from tests.e2e.conftest import ARTIFACTS, DESKTOP, TABLET, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def win(clerk, department):
    window = Window.objects.create(number=3, name="社会事务窗口",
                                   department=department)
    window.staff.add(clerk)
    return window


def _pair(page, win) -> str:
    page.goto("/matters/rating/")
    page.click("#rating-windows button:has-text('配对评价器')")
    page.wait_for_selector("text=评价器已配对")
    return page.input_value("#screen-url")


def _prompt(page):
    page.goto("/matters/rating/")
    page.click("#rating-windows form.rating-prompt button")
    page.wait_for_selector("text=已向3号窗口（社会事务窗口）的评价器发送「请评价」")


def test_screen_receives_the_prompt_and_records_satisfied(new_page, shot, clerk, win):
    desk = new_page(**DESKTOP)
    login(desk, "clerk", PASSWORD)
    screen_url = _pair(desk, win)
    tablet = new_page(**TABLET)  # its own browser context: no staff session
    tablet.goto(screen_url)
    tablet.wait_for_selector("text=欢迎来到3号窗口")
    assert tablet.locator("text=退出").count() == 0
    shot(tablet, "matters_rating_idle_1024")

    _prompt(desk)
    shot(desk, "matters_rating_windows_1366")
    tablet.wait_for_selector("text=请您对本次服务作出评价", timeout=20000)
    assert tablet.locator("#who").inner_text() == "为您服务的工作人员：王窗口"
    heights = tablet.eval_on_selector_all(".levels button",
                                          "els => els.map(e => e.offsetHeight)")
    assert len(heights) == 5 and min(heights) >= 120, heights
    shot(tablet, "matters_rating_ask_1024")

    tablet.context.set_offline(True)  # the signal drops as the citizen taps
    tablet.tap("button[data-level='4']")
    tablet.wait_for_selector("text=网络不稳定，您的评价正在重新提交")
    assert not Rating.objects.exists()
    tablet.context.set_offline(False)
    tablet.wait_for_selector("text=您的评价：满意", timeout=30000)
    assert tablet.locator("#error").inner_text() == ""  # arrived: no retry notice
    rating = Rating.objects.get()
    assert (rating.level, rating.clerk, rating.window) == (4, clerk, win)
    shot(tablet, "matters_rating_thanks_1024")
    tablet.wait_for_selector("text=欢迎来到3号窗口", timeout=15000)  # idle again
    assert Rating.objects.count() == 1


def test_bad_rating_offers_reasons_and_a_note(new_page, shot, clerk, win):
    desk = new_page(**DESKTOP)
    login(desk, "clerk", PASSWORD)
    screen_url = _pair(desk, win)
    tablet = new_page(**TABLET)
    tablet.goto(screen_url)
    _prompt(desk)
    tablet.wait_for_selector("text=请您对本次服务作出评价", timeout=20000)
    tablet.tap("button[data-level='2']")
    tablet.wait_for_selector("text=很抱歉让您不满意")
    tablet.tap("button[data-reason='等候时间长']")
    tablet.fill("#note", "排队太久")
    shot(tablet, "matters_rating_bad_1024")
    tablet.tap("#send")
    tablet.wait_for_selector("text=您的评价：不满意", timeout=20000)
    rating = Rating.objects.get()
    assert rating.reasons == ["等候时间长"] and rating.note == "排队太久"
    assert rating.rectification is not None  # the 差评 opened its rectification


def test_public_guide_and_lookup_in_the_browser(new_page, shot, tmp_path):
    page = new_page(**DESKTOP)  # nobody logged in
    page.goto("/guide/")
    assert page.locator("#guide-items tbody tr").count() >= 6  # the seeded catalogue
    shot(page, "matters_guide_list_1366")
    page.fill("#q", "低保")
    page.click(".guide-search button[type=submit]")
    page.click("#guide-items a:has-text('城乡低保救助服务')")
    page.wait_for_selector("h1:has-text('城乡低保救助服务')")
    assert page.locator("text=27个工作日").count() >= 1
    shot(page, "matters_guide_item_1366")
    item = ServiceItem.objects.get(name="城乡低保救助服务")
    pdf = page.request.get(f"/guide/{item.code}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    path = ARTIFACTS / "matters_guide.pdf"
    path.write_bytes(pdf.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path),
                    str(ARTIFACTS / "matters_guide_pdf")], check=True)
    page.goto("/lookup/?no=BJ2026-00001")
    assert page.input_value("#id_no") == "BJ2026-00001"
    page.fill("#id_tail", "0000")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#lookup-message")
    shot(page, "matters_lookup_1366")
