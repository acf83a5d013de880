"""The dashboard's backlog, due-today and overdue numbers against a hand count
(read on Wednesday 18 March 2026 at 10:00), and its query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicecenter.reports.dashboard import build_dashboard

from . import factories as f
from .factories import at

pytestmark = pytest.mark.django_db
NOW = at(3, 18, 10)


@pytest.fixture
def open_work(handler, department, tech_engineer, clerk, manager):
    # 信访: age 1 due today (14:00); age 6 overdue, no handler yet; age 17; replied
    # (its review window is not a staff deadline).
    f.petition("registered", received=at(3, 17), due=at(3, 18, 14))
    f.petition("accepted", department=department, received=at(3, 12), due=at(3, 10))
    f.petition("in_progress", handler=handler, department=department,
               received=at(3, 1), due=at(4, 30))
    f.petition("replied", handler=handler, department=department, received=at(3, 5),
               due=at(3, 1))
    f.petition("closed", handler=handler, department=department, received=at(3, 5))
    # 服务单: new, due at 11:00 today; overdue; paused (waiting for parts).
    f.ticket("new", created=at(3, 18, 8), due=at(3, 18, 11))
    f.ticket("in_progress", engineer=tech_engineer, created=at(3, 16),
             due=at(3, 17, 17))
    f.ticket("awaiting_parts", engineer=tech_engineer, created=at(3, 10),
             due=at(3, 11), paused=at(3, 10, 12))
    f.ticket("closed", engineer=tech_engineer, created=at(3, 10))
    # 维修: overdue; at a vendor (paused); ready and past the pickup limit: overdue
    # for the receiving clerk (RepairOrder.clock, the sweep chases the same clerk).
    f.repair("repairing", engineer=tech_engineer, received_by=clerk,
             received=at(3, 14), due=at(3, 16))
    f.repair("at_vendor", engineer=tech_engineer, received_by=clerk,
             received=at(3, 2), due=at(3, 1), paused=at(3, 3))
    f.repair("ready", engineer=tech_engineer, received_by=clerk, received=at(3, 2),
             due=at(3, 17))
    # 投诉: accepted and overdue; reported (no deadline).
    f.complaint("accepted", responsible=handler, department=department,
                received=at(3, 16), due=at(3, 17))
    f.complaint("reported", responsible=handler, department=department,
                received=at(3, 16))
    f.difficult_case("opened", created=at(2, 1), proposed_by=clerk)
    # 差评: archived complaint (done); open complaint; none at all; a good rating.
    done = f.complaint("archived", responsible=handler)
    open_ = f.complaint("accepted", responsible=handler, due=at(4, 1))
    for rating, complaint in ((2, done), (1, open_), (2, None), (4, None)):
        r = f.revisit(engineer=tech_engineer, rating=rating, completed=at(3, 12))
        if complaint:
            type(complaint).objects.filter(pk=complaint.pk).update(source_revisit=r)


def _backlog(data, key):
    return next(b for b in data["backlogs"] if b.process.key == key)


def test_dashboard_backlog_by_state_and_age(open_work):
    data = build_dashboard(NOW)
    petitions = _backlog(data, "petition")
    assert {r.state: r.ages for r in petitions.rows} == {
        "registered": [1, 0, 0, 0], "accepted": [0, 1, 0, 0],
        "in_progress": [0, 0, 0, 1], "replied": [0, 0, 1, 0]}
    assert (petitions.total, petitions.due_today, petitions.overdue) == (4, 1, 1)
    tickets = _backlog(data, "ticket")
    assert {r.state: r.ages for r in tickets.rows} == {
        "new": [1, 0, 0, 0], "in_progress": [1, 0, 0, 0],
        "awaiting_parts": [0, 0, 1, 0]}
    assert (tickets.total, tickets.due_today, tickets.overdue) == (3, 1, 1)
    repairs = _backlog(data, "repair")
    assert (repairs.total, repairs.due_today, repairs.overdue) == (3, 0, 2)
    assert repairs.ages == [0, 1, 0, 2]  # received 4 days ago; 16 days ago (twice)
    complaints = _backlog(data, "complaint")
    assert (complaints.total, complaints.overdue) == (3, 1)
    assert _backlog(data, "case").ages == [0, 0, 0, 1]


def test_dashboard_overdue_by_department_and_person(open_work):
    data = build_dashboard(NOW)
    assert [(r["name"], r["count"]) for r in data["overdue_departments"]] == [
        ("技术服务部", 2), ("社会事务办公室", 2), ("党政综合办公室", 1)]
    people = {r["name"]: r["by_process"] for r in data["overdue_people"]}
    # 信访, 服务单, 维修, 投诉, 办件
    assert people == {"李工程师": [0, 1, 1, 0, 0], "陈经办": [0, 0, 0, 1, 0],
                      "王窗口": [0, 0, 1, 0, 0], "（未指定）": [1, 0, 0, 0, 0]}


def test_dashboard_open_bad_ratings_and_satisfaction_trend(open_work):
    data = build_dashboard(NOW)
    assert data["bad_count"] == 2
    assert sorted(r.rating for r in data["bad_latest"]) == [1, 2]
    march = data["satisfaction"][-1]
    assert march["month"] == datetime.date(2026, 3, 1)
    assert (march["n"], march["avg"], march["bad"]) == (4, 2.25, 3)
    assert len(data["satisfaction"]) == 12 and data["satisfaction"][0]["n"] == 0


def test_dashboard_on_time_trend(tech_engineer):
    f.ticket("closed", engineer=tech_engineer, due=at(2, 4, 17), resolved=at(2, 4, 9),
             closed=at(2, 5))
    f.ticket("closed", engineer=tech_engineer, due=at(2, 4, 17), resolved=at(2, 6, 9),
             closed=at(2, 6))
    f.petition("replied", replied_on=datetime.date(2026, 3, 2), handle_due=at(3, 3))
    trend = {c["month"]: c for c in build_dashboard(NOW)["on_time"]}
    feb, mar = trend[datetime.date(2026, 2, 1)], trend[datetime.date(2026, 3, 1)]
    assert (feb["handled"], feb["on_time"], feb["late"], feb["rate"]) == (2, 1, 1, 50.0)
    assert (mar["handled"], mar["rate"]) == (1, 100.0)
    assert trend[datetime.date(2026, 1, 1)]["rate"] is None


def _bulk(n, engineer, clerk, handler, department):
    for i in range(n):
        f.ticket("in_progress", engineer=engineer, created=at(3, 1 + i % 15),
                 due=at(3, 17))
        f.repair("repairing", engineer=engineer, received_by=clerk, due=at(3, 16))
        f.petition("accepted", handler=handler, department=department, due=at(3, 10))
        f.complaint("accepted", responsible=handler, department=department,
                    due=at(3, 17))
        f.revisit(engineer=engineer, rating=1 + i % 5, completed=at(3, 12))


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_rows(client, manager, tech_engineer,
                                                       clerk, handler, department):
    client.force_login(manager)
    _bulk(10, tech_engineer, clerk, handler, department)
    _dashboard_queries(client)  # warm the calendar and session caches
    small = _dashboard_queries(client)
    _bulk(90, tech_engineer, clerk, handler, department)
    assert _dashboard_queries(client) == small
    assert small <= 30
