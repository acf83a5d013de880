"""Access for every persona; the pages, CSV and PDF as a manager sees them."""

import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.pdfcheck import cjk_embedded

from .test_accountability import march  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

URLS = ["reports:dashboard", "reports:accountability", "reports:accountability_csv",
        "reports:accountability_pdf"]
ALLOWED = {"leader", "manager"}


@pytest.mark.parametrize("url_name", URLS)
def test_reports_only_for_managers_and_leaders(client, personas, url_name):
    for name, user in personas.items():
        client.force_login(user)
        response = client.get(reverse(url_name), {"month": "2026-03"})
        expected = 200 if name in ALLOWED else 403
        assert response.status_code == expected, (name, url_name)


@pytest.mark.parametrize("url_name", URLS)
def test_reports_superuser_allowed_anonymous_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse(url_name)).status_code == 200


def test_nav_entry_for_managers_only(client, manager, clerk):
    client.force_login(manager)
    assert 'href="/reports/dashboard/"' in client.get(reverse("home")).content.decode()
    client.force_login(clerk)
    assert "/reports/dashboard/" not in client.get(reverse("home")).content.decode()


def test_accountability_page_shows_people_and_rates(client, manager,
                                                    march):  # noqa: F811
    client.force_login(manager)
    html = client.get(reverse("reports:accountability"), {"month": "2026-03"}).content
    html = html.decode()
    assert "责任追究考核表 2026年3月" in html
    assert "陈经办" in html and "李工程师" in html and "社会事务办公室" in html
    assert "50.0%" in html


# the session, the user and their groups, then build_report's six
# (test_accountability.test_report_query_count_is_fixed); 15 before the report's
# aggregates were one query
PAGE_QUERIES = 9


def test_accountability_page_query_count_is_fixed(client, manager,
                                                  march):  # noqa: F811
    client.force_login(manager)
    url = reverse("reports:accountability")
    client.get(url, {"month": "2026-03"})  # the calendar's per-minute cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"month": "2026-03"}).status_code == 200
    assert len(ctx.captured_queries) == PAGE_QUERIES


def test_accountability_bad_month_falls_back_to_this_month(client, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:accountability"), {"month": "2026-13"})
    assert response.status_code == 200


def test_accountability_csv(client, manager, march):  # noqa: F811
    client.force_login(manager)
    response = client.get(reverse("reports:accountability_csv"), {"month": "2026-03"})
    assert response["Content-Type"].startswith("text/csv")
    assert "accountability-2026-03.csv" in response["Content-Disposition"]
    text = response.getvalue().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("维度,名称,所属科室,信访,服务单,维修,投诉,办件,办结合计")
    handler = next(line for line in lines if line.startswith("人员,陈经办"))
    # 信访, 服务单, 维修, 投诉, 办件, 办结合计, ...
    assert handler.split(",")[3:15] == ["2", "0", "0", "2", "0", "4", "2", "2",
                                        "50.0", "1", "10", "2"]
    total = next(line for line in lines if line.startswith("合计,合计"))
    assert total.startswith("合计,合计,,3,3,2,2,0,10,6,4,60.0,2,15,3,1,3,3.33,1")
    # the apps' tables follow, each under its heading (the window ratings)
    assert any(line.startswith("窗口评价（按窗口）,窗口,评价数,非常满意")
               for line in lines)


def test_accountability_pdf_has_chinese_and_embedded_font(
        client, manager, march, tmp_path):  # noqa: F811
    client.force_login(manager)
    response = client.get(reverse("reports:accountability_pdf"), {"month": "2026-03"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert "责任追究考核表" in text and "2026年3月" in text
    assert "陈经办" in text and "技术服务部" in text
    assert cjk_embedded(fonts)
