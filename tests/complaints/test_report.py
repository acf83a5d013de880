"""回访报告 figures against a hand-counted fixture."""

import datetime

import pytest
from django.urls import reverse

from tests.complaints.factories import at
from tests.factories import DepartmentFactory, PartyFactory
from tickets.complaints import services
from tickets.complaints.report import build_report, report_csv
from tickets.followups import cancel_revisit, record_attempt, schedule_followup

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def fixture(personas):
    """Closed on Mon 27 Apr 2026 → windows open in May (7th working day: 8 May).

    Dept A / engineer: 4 calls: 非常满意, 满意, 不满意 (complaint handled), unreachable.
    Dept A / other_engineer: 2 calls: 非常不满意 (complaint open), still scheduled.
    Dept B / engineer: 1 call cancelled (not counted), 1 call 基本满意.
    A call closed in March (window in March) is not in May.
    """
    clerk, eng = personas["clerk"], personas["engineer"]
    eng2 = personas["other_engineer"]
    dept_a, dept_b = DepartmentFactory(name="甲科"), DepartmentFactory(name="乙科")

    april_27 = at(2026, 4, 27)

    def call(engineer, dept, closed=april_27):
        return schedule_followup(PartyFactory(), "service", closed,
                                 party=PartyFactory(),
                                 engineer=engineer, department=dept)

    def reach(r, rating):
        return record_attempt(r, clerk, reached=True, rating=rating,
                              at=at(2026, 5, 8, 10))

    reach(call(eng, dept_a), 5)
    reach(call(eng, dept_a), 4)
    bad = reach(call(eng, dept_a), 2)
    c = services.accept_complaint(bad.bad_rating_complaint, personas["manager"],
                                  truthfulness="true", reasonableness="reasonable",
                                  responsible=eng)
    services.handle_complaint(c, eng, cause="c", actions="a", result="r")
    r = call(eng, dept_a)
    for hour in (9, 14, 19):
        r = record_attempt(r, clerk, reached=False, at=at(2026, 5, 8, hour))
    reach(call(eng2, dept_a), 1)
    call(eng2, dept_a)
    cancel_revisit(call(eng, dept_b), clerk, reason="重复")
    reach(call(eng, dept_b), 3)
    reach(call(eng, dept_a, closed=at(2026, 3, 2)), 1)
    return dept_a, dept_b


def test_report_totals_match_the_hand_count(fixture):
    total = build_report(MAY).total
    counts = (total.planned, total.reached, total.unreachable, total.pending)
    assert counts == (7, 5, 1, 1)
    assert total.reach_rate == round(100 * 5 / 7, 1)
    assert total.ratings == {5: 1, 4: 1, 3: 1, 2: 1, 1: 1}
    assert total.bad == 2
    assert (total.rectified, total.rectifying + total.rectify_overdue) == (1, 1)


def test_report_by_department_and_engineer(fixture):
    report = build_report(MAY)
    rows = {r.name: r for r in report.departments}
    assert (rows["甲科"].planned, rows["甲科"].reached, rows["甲科"].bad) == (6, 4, 2)
    assert (rows["乙科"].planned, rows["乙科"].reached, rows["乙科"].reach_rate) == (
        1, 1, 100.0)
    engineers = {r.name: r for r in report.engineers}
    assert (engineers["李工程师"].planned, engineers["李工程师"].reached) == (5, 4)
    assert engineers["李工程师"].rectified == 1
    assert (engineers["周工程师"].planned, engineers["周工程师"].ratings[1]) == (2, 1)


def test_report_csv_and_page_and_pdf(fixture, client, personas):
    lines = report_csv(build_report(MAY)).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("维度,名称,计划回访,已接通")
    assert lines[1].startswith("全部,合计,7,5,1,1,71.4,1,1,1,1,1,2,1")
    client.force_login(personas["manager"])
    page = client.get(reverse("tickets:revisit_report"), {"month": "2026-05"})
    text = page.content.decode()
    assert "71.4%" in text and 'id="rating-chart"' in text and "甲科" in text
    csv = client.get(reverse("tickets:revisit_report_csv"), {"month": "2026-05"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "甲科" in csv.getvalue().decode()
    pdf = client.get(reverse("tickets:revisit_report_pdf"), {"month": "2026-05"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_bad_month_parameter_falls_back_to_this_month(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("tickets:revisit_report"), {"month": "x"})
    assert response.status_code == 200
