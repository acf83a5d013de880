"""联办件 in a real browser, on the demo data: 国土资源所's handler finds the pending
opinion on /matters/joint/, refuses it on the record page (the reasons are required),
and the approver then sees 准予 refused with the department and its reasons."""

import io

import pytest
from django.core.management import call_command

from matters.models import Application, JointOpinion
from servicecenter.demo import DEMO_PASSWORD
from tests.e2e.conftest import DESKTOP, TABLET, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_department_refuses_and_the_grant_is_blocked(new_page, shot):
    call_command("seed_demo", stdout=io.StringIO())
    pending = JointOpinion.objects.get(state="pending", department__code="GTS")
    app = pending.application
    for size, options in (("1366x768", DESKTOP), ("1024x768", TABLET)):
        page = new_page(**options)
        login(page, "handler4", DEMO_PASSWORD)
        page.goto("/matters/joint/")
        table = page.inner_text("#joint-queue")
        assert app.number in table and "国土资源所" in table
        shot(page, f"joint-queue-{size}")
        page.goto(f"/matters/{app.pk}/")
        panel = page.inner_text("#joint")
        assert "钱规划" in panel and "待回复" in panel  # a name, never a login
        page.locator("#joint").scroll_into_view_if_needed()
        shot(page, f"joint-record-{size}")
    page.click("#joint a.btn")
    page.check("input[name=decision][value=refuse]")
    page.click("#joint-answer-form button[type=submit]")
    assert "请填写不同意理由" in page.inner_text("#joint-answer-form")
    page.check("input[name=decision][value=refuse]")
    page.fill("textarea[name=reasons]", "拟建位置占用永久基本农田。")
    page.click("#joint-answer-form button[type=submit]")
    page.wait_for_selector("#joint-refusal")
    assert "国土资源所不同意：拟建位置占用永久基本农田" in page.inner_text(
        "#joint-refusal")
    assert JointOpinion.objects.get(pk=pending.pk).state == "refused"
    # the approver (the item names 张所长) of the demo's refused one, in 审核
    refused = Application.objects.filter(
        item__name="乡村建设规划许可证核发", state="review",
        joint_opinions__state="refused").first()
    page = new_page(**DESKTOP)
    login(page, "leader", DEMO_PASSWORD)
    page.goto(f"/matters/{refused.pk}/")
    panel = page.inner_text("#joint")
    assert "不能准予，只能作出不予决定" in panel
    assert "默认同意" in panel and "系统" in panel
    page.locator("#joint").scroll_into_view_if_needed()
    shot(page, "joint-refused-1366x768")
