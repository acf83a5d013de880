"""Browser, on the demo data: the dashboard, the error pages and a picker of people
at 1366×768 and on the 1024×768 touch tablet; the header search box shows its whole
placeholder."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from petitions.models import Petition
from servicecenter.demo import DEMO_PASSWORD
from tests.e2e.conftest import DESKTOP, TABLET, login

pytestmark = pytest.mark.django_db(transaction=True)
SIZES = {"1366x768": DESKTOP, "1024x768-touch": TABLET}
# Whether the search box shows its whole placeholder: typed in as the value (the
# placeholder itself reports no width), the text must not scroll inside the box.
PLACEHOLDER_ROOM = """() => {
  const box = document.querySelector('header.top form.search input');
  box.value = box.placeholder;
  const sizes = [box.scrollWidth, box.clientWidth];
  box.value = '';
  const nav = document.querySelector('header.top nav');
  return sizes.concat([nav.scrollWidth, nav.clientWidth]);
}"""
OPEN_SELECT = """(sel) => { const s = document.querySelector(sel);
  s.size = Math.min(s.options.length, 8); s.scrollIntoView({block: 'center'}); }"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def _placeholder_fits(page, where):
    text, room, menu, menu_room = page.evaluate(PLACEHOLDER_ROOM)
    assert text <= room, f"{where}: placeholder {text}px wide in a {room}px box"
    assert menu <= menu_room, f"{where}: the menu scrolls ({menu}px in {menu_room}px)"


@pytest.mark.parametrize("size", SIZES)
def test_manager_pages_and_error_pages_on_the_demo_data(demo, new_page, shot, size):
    page = new_page(**SIZES[size])
    login(page, "manager", DEMO_PASSWORD)
    response = page.goto("/reports/dashboard/")
    assert response.status == 200
    shot(page, f"demo-dashboard-{size}")
    _placeholder_fits(page, f"dashboard {size}")
    response = page.goto("/tickets/987654/")
    assert response.status == 404
    assert "该记录不存在或您无权查看" in page.inner_text("main")
    assert page.locator("header.top nav a").count() >= 4  # the menu is there
    shot(page, f"demo-404-{size}")
    page.goto("/tickets/maintenance/")
    options = page.locator("#id_engineer option").all_inner_texts()
    assert any("周工程师" in o for o in options), options
    assert not [o for o in options if "engineer" in o], options
    page.evaluate(OPEN_SELECT, "#id_engineer")
    shot(page, f"demo-picker-maintenance-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_a_refused_page_and_the_handler_picker(demo, new_page, shot, size):
    page = new_page(**SIZES[size])
    login(page, "engineer", DEMO_PASSWORD)
    _placeholder_fits(page, f"engineer's 工作台 {size}")
    shot(page, f"demo-engineer-home-{size}")
    response = page.goto("/petitions/")  # the window's pages are not the engineer's
    assert response.status == 403
    assert "该记录不存在或您无权查看" in page.inner_text("main")
    shot(page, f"demo-403-{size}")
    page.context.clear_cookies()
    login(page, "leader", DEMO_PASSWORD)
    _placeholder_fits(page, f"工作台 {size}")
    registered = Petition.objects.filter(state="registered").first()
    page.goto(reverse("petitions:decide", args=[registered.pk]))
    options = page.locator("#id_handler option").all_inner_texts()
    assert any("陈经办" in o for o in options), options
    assert not [o for o in options if "handler" in o], options
    page.evaluate(OPEN_SELECT, "#id_handler")
    shot(page, f"demo-picker-handler-{size}")
