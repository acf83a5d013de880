"""Browser: the clerk records an unanswered call, then a completed call."""

import pytest

from tests.complaints.factories import make_revisit
from tests.e2e.conftest import DESKTOP, login
from tests.factories import PASSWORD, UserFactory
from tickets.models import Revisit
from tickets.revisit_script import ensure_questions

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_records_a_call_attempt_on_the_call_screen(new_page, shot):
    from django.contrib.auth.models import Group

    ensure_questions()
    clerk = UserFactory(username="clerk_e2e", first_name="王窗口")
    clerk.groups.add(Group.objects.get(name="clerk"))
    revisit = make_revisit("service")
    page = new_page(**DESKTOP)
    login(page, "clerk_e2e", PASSWORD)
    page.goto(revisit.get_absolute_url())
    assert "工程师是否按约定时间联系或到达" in page.content()
    page.check("input[name=reached][value=yes]")
    page.fill("input[name^=q_] >> nth=1", "已解决，使用正常")
    page.check("input[name=rating][value='5']")
    page.fill("textarea[name=notes]", "客户对上门服务很满意")
    shot(page, "revisit-call-1366x768")
    page.click("#call-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已完成" in page.locator(".messages").inner_text()
    revisit = Revisit.objects.get(pk=revisit.pk)
    assert revisit.state == "completed" and revisit.rating == 5
    assert revisit.attempts.count() == 1
