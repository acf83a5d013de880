import pytest

from servicecenter.demo import DEMO_PASSWORD, seed
from tests.e2e.conftest import DESKTOP, TABLET, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_clerk_logs_in_and_sees_workbench(new_page, shot):
    seed()
    page = new_page(**DESKTOP)
    page.goto("/")
    assert "/login/" in page.url
    login(page, "clerk", "wrong-password")
    assert "用户名或密码不正确" in page.content()
    login(page, "clerk", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "工作台"
    assert "王窗口" in page.locator("header .user").inner_text()
    shot(page, "login-clerk-1366x768")
    page.fill("header input[name=q]", "13800138001")
    page.press("header input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    assert "张建国" in page.locator("table.list").inner_text()


def test_demo_clerk_on_tablet_with_touch(new_page, shot):
    seed()
    page = new_page(**TABLET)
    login(page, "clerk", DEMO_PASSWORD)
    assert page.evaluate("'ontouchstart' in window") is True
    assert page.locator("h1").inner_text() == "工作台"
    shot(page, "login-clerk-1024x768-touch")


def test_engineer_gets_tablet_layout_with_large_targets(new_page, shot):
    seed()
    page = new_page(**TABLET)
    login(page, "engineer", DEMO_PASSWORD)
    assert page.locator("body.tablet").count() == 1
    heights = page.eval_on_selector_all(
        "header nav a, header button",
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    shot(page, "engineer-home-1024x768-touch")
