"""Browser: a manager opens the dashboard and the accountability report at 1366×768."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.e2e.conftest import DESKTOP, login
from tests.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.reports import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _people():
    manager = UserFactory(username="manager_e2e", first_name="刘主管")
    manager.groups.add(Group.objects.get(name="manager"))
    engineer = UserFactory(username="engineer_e2e", first_name="李工程师")
    engineer.groups.add(Group.objects.get(name="engineer"))
    handler = UserFactory(username="handler_e2e", first_name="陈经办")
    tech = DepartmentFactory(code="JSB", name="技术服务部")
    social = DepartmentFactory(code="SWB", name="社会事务办公室")
    tech.members.add(engineer)
    social.members.add(handler)
    return manager, engineer, handler, social


def _some_work(engineer, handler, social):
    now = timezone.now()
    day = timezone.timedelta(days=1)
    for i in range(6):
        f.ticket("in_progress", engineer=engineer, created=now - day * (i * 4),
                 due=now - day * (i % 3) + day)
        f.petition("in_progress", handler=handler, department=social,
                   received=now - day * (i * 5), due=now - day * (i - 2))
        f.ticket("closed", engineer=engineer, created=now - day * 40 * i,
                 due=now - day * 30 * i, resolved=now - day * (30 * i + i % 2),
                 closed=now - day * 30 * i)
        f.revisit(engineer=engineer, rating=5 - i % 4, completed=now - day * 31 * i)
    f.notice(handler, "chase", now)


def test_manager_sees_dashboard_and_report(new_page, shot):
    manager, engineer, handler, social = _people()
    _some_work(engineer, handler, social)
    page = new_page(**DESKTOP)
    login(page, "manager_e2e", PASSWORD)
    page.click("header.top nav >> text=报表")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/reports/dashboard/")
    assert page.locator("svg.chart").count() == 4
    assert "李工程师" in page.locator("#overdue-people").inner_text()
    shot(page, "reports-dashboard-1366x768")
    page.click("text=责任追究考核表")
    page.wait_for_load_state("networkidle")
    assert "陈经办" in page.content() and "技术服务部" in page.content()
    shot(page, "reports-accountability-1366x768")
