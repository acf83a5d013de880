"""Levels (村 → 镇 → 县) in a real browser: the 村代办员 sends a 宅基地 application to
town, the town's clerk receives it from the incoming queue, sends it to the county and
records the county's approval with its document. Screenshots of the record page's
chain at 1366×768 and 1024×768 (touch)."""

import shutil
from pathlib import Path

import pytest

from matters import services
from matters.levels_demo import _villages
from matters.models import Application, Level, ServiceItem, State
from servicecenter.demo import DEMO_PASSWORD, seed
from servicecenter.models import Party
from tests import files
from tests.e2e.conftest import DESKTOP, TABLET, login

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots")


def _save(page, shot, name):
    path = shot(page, name)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / f"{name}.png")


def _application():
    seed()
    staff = _villages()
    item = ServiceItem.objects.get(name="农村村民住宅用地与建设审批")
    situation = item.current_version.situations.get(name="新建")
    return services.receive_at_village(
        staff["village1"], item=item, party=Party.objects.get(name="张建国"),
        situation=situation,
        received=list(item.current_version.materials_for(situation)))


def _verb(page, label):
    page.click(f"#actions a.btn:has-text('{label}')")
    page.wait_for_selector("#transition-form")


def test_village_to_town_to_county_and_back(new_page, shot, tmp_path):
    app = _application()
    page = new_page(**DESKTOP)
    login(page, "village1", DEMO_PASSWORD)
    assert "本村办件" in page.inner_text("nav")
    page.goto("/matters/village/")
    page.click(f"text={app.number}")
    _verb(page, "送镇受理")
    page.fill("textarea[name=opinion]", "经村委会审核，已公示七天无异议，同意上报。")
    page.check("input[name=paper_sent]")
    page.click("#transition-form button[type=submit]")
    page.wait_for_selector("#levels-chain")
    assert page.inner_text("#application-state") == "送镇待接收"
    assert "村级受理回执" in page.inner_text("#documents")

    page = new_page(**DESKTOP)
    login(page, "clerk", DEMO_PASSWORD)
    page.goto("/matters/incoming/")
    assert "城关村" in page.inner_text("main")
    _save(page, shot, "levels-incoming-1366x768")
    page.click(f"text={app.number}")
    _verb(page, "接收")
    page.check("input[name=paper_received]")
    page.click("#transition-form button[type=submit]")
    page.wait_for_selector("#levels-chain")
    assert page.inner_text("#application-state") == "收件"
    app = Application.objects.get(pk=app.pk)
    handler = app.department.members.filter(groups__name="handler").first()
    services.take_application(services.accept_application(app, app.first_receiver),
                              handler)

    page.reload()
    _verb(page, "送县审批")
    page.fill("textarea[name=opinion]", "经实地踏勘审查，符合规划，镇政府审核同意。")
    page.click("#transition-form button[type=submit]")
    page.wait_for_selector("#levels-chain")
    assert page.inner_text("#application-state") == "县级审批"
    page.click("#chase summary")
    page.fill("#chase input[name=contact]", "区建设局审批股")
    page.fill("#chase textarea[name=answer]", "材料已收到，正在审查。")
    page.click("#chase button[type=submit]")
    page.wait_for_selector("#levels-chain")
    assert "区建设局审批股" in page.inner_text("#levels-chain")

    _verb(page, "登记县级审批结果")
    page.check("input[name=outcome][value=granted]")
    page.fill("textarea[name=decision_text]", "区人民政府同意新建。")
    scan = tmp_path / "区批复.png"
    scan.write_bytes(files.png_bytes((60, 80)))
    page.set_input_files("input[name=document]", str(scan))
    page.click("#transition-form button[type=submit]")
    page.wait_for_selector("#levels-chain")
    assert page.inner_text("#application-state") == "已办结"
    chain = page.inner_text("#levels-chain")
    assert "区人民政府同意新建。" in chain and "批复：区批复.png" in chain
    assert "杨秀兰" in chain and "王窗口" in chain
    app.refresh_from_db()
    assert app.state == State.DECIDED
    assert [s.level for s in app.levels.order_by("order")] == [
        Level.VILLAGE, Level.TOWN, Level.COUNTY, Level.TOWN]

    page.locator("#levels").scroll_into_view_if_needed()
    _save(page, shot, "levels-record-chain-1366x768")
    tablet = new_page(**TABLET)
    login(tablet, "clerk", DEMO_PASSWORD)
    tablet.goto(f"/matters/{app.pk}/")
    tablet.locator("#levels").scroll_into_view_if_needed()
    _save(tablet, shot, "levels-record-chain-1024x768")
    village = new_page(**TABLET)
    login(village, "village1", DEMO_PASSWORD)
    village.goto("/matters/village/")
    assert app.number in village.inner_text("main")
    _save(village, shot, "levels-village-list-1024x768")
