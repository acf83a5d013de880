"""The petition's whole path in a real browser: clerk → leader → handler → clerk."""

import re

import pytest

from petitions.models import Petition
from petitions.models.choices import State
from servicecenter.demo import DEMO_PASSWORD, seed
from tests.e2e.conftest import DESKTOP, login

pytestmark = pytest.mark.django_db(transaction=True)


def _as(page, username):
    if page.locator("header .user button").count():
        page.click("header .user button")
        page.wait_for_load_state("networkidle")
    login(page, username, DEMO_PASSWORD)


def _act(page, label):
    page.click(f".actions a:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def test_petition_full_path_in_browser(new_page, shot):
    seed()
    page = new_page(**DESKTOP)
    _as(page, "clerk")
    page.click("header nav a:has-text('信访')")
    assert page.locator("h1").inner_text() == "信访台账"
    page.click("text=登记信访")
    page.fill("#party-q", "13800138001")
    page.click("#party-search")
    page.click(".party-pick")
    assert "张建国" in page.locator("#party-chosen").inner_text()
    page.select_option("#id_channel", "visit")
    page.select_option("#id_category", "demand")
    page.fill("#id_subject", "红星村水渠破损影响灌溉")
    page.fill("#id_content", "红星村3组水渠多处破损，春耕在即，请求尽快修复。")
    page.fill("#id_place", "红星村")
    page.click("#register-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已登记信访" in page.content()
    number = re.search(r"XF\d{4}-\d{5}", page.locator("h1").inner_text()).group(0)
    pk = Petition.objects.get(number=number).pk

    _as(page, "leader")
    page.goto("/petitions/approvals/")
    page.click(f"tr:has-text('{number}') a:has-text('审批')")
    page.check("input[name=decision][value=accept]")
    page.fill("#id_instruction", "请社会事务办公室实地核实，尽快修复。")
    page.select_option("#id_department", label="社会事务办公室")
    page.click("button:has-text('提交审批')")
    page.wait_for_load_state("networkidle")
    assert "已受理" in page.locator("#petition-state").inner_text()

    _as(page, "handler")
    page.goto("/petitions/department/")
    page.click(f"tr:has-text('{number}') a:has-text('办理')")
    _act(page, "签收")
    page.click("button:has-text('确认签收')")
    page.wait_for_load_state("networkidle")
    assert "办理中" in page.locator("#petition-state").inner_text()
    _act(page, "上报办理结果")
    page.select_option("#id_outcome", "support")
    page.fill("#id_facts", "经实地查看，水渠破损属实，已组织修复。")
    page.fill("#id_legal_basis", "《中华人民共和国水法》")
    page.click("button:has-text('确认上报办理结果')")
    page.wait_for_load_state("networkidle")

    _as(page, "clerk")
    page.goto(f"/petitions/{pk}/")
    _act(page, "答复信访人")
    page.click("button:has-text('确认答复信访人')")
    page.wait_for_load_state("networkidle")
    assert "信访事项处理意见书" in page.locator("body").inner_text()
    _act(page, "办结")
    page.select_option("#id_satisfaction", "satisfied")
    page.click("button:has-text('确认办结')")
    page.wait_for_load_state("networkidle")
    assert "已办结" in page.locator("#petition-state").inner_text()
    timeline = page.locator("ol.timeline").inner_text()
    for label in ["受理", "签收", "上报办理结果", "答复信访人", "办结"]:
        assert label in timeline
    shot(page, "petition-closed-1366x768")
    assert Petition.objects.get(pk=pk).state == State.CLOSED
