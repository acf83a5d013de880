"""The accountability report against a hand count (March 2026, read on 10 April).

March 2026 has no public holiday: working days are Monday–Friday (the 1st is a
Sunday). Overdue working days are counted after the due day up to the finish day.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicecenter.reports.accountability import NO_DEPARTMENT, build_report

from . import factories as f
from .factories import at

MARCH = datetime.date(2026, 3, 1)
NOW = at(4, 10)


@pytest.fixture
def march(handler, other_handler, department, other_department, tech_engineer,
          other_engineer, manager, clerk):
    # 信访 (handler, 社会事务办): on time, 4 working days late (16 → 20 March), one
    # replied in February (not counted), one still open 4 working days past due.
    f.petition("replied", handler=handler, department=department,
               replied_on=datetime.date(2026, 3, 10), handle_due=at(3, 20))
    f.petition("closed", handler=handler, department=department,
               replied_on=datetime.date(2026, 3, 20), handle_due=at(3, 16))
    f.petition("replied", handler=handler, department=department,
               replied_on=datetime.date(2026, 2, 27), handle_due=at(3, 16))
    f.petition("in_progress", handler=handler, department=department,
               handle_due=at(3, 25, 17))
    f.petition("closed", handler=other_handler, department=other_department,
               replied_on=datetime.date(2026, 3, 3), handle_due=at(3, 30))
    # 服务单 (engineer, 技术服务部): on time; resolved 2 working days late; open and
    # 1 working day past due; paused (not overdue); other_engineer has no department.
    f.ticket("closed", engineer=tech_engineer, due=at(3, 4, 17), resolved=at(3, 4, 15),
             closed=at(3, 5))
    f.ticket("closed", engineer=tech_engineer, due=at(3, 9, 17), resolved=at(3, 11),
             closed=at(3, 12))
    f.ticket("in_progress", engineer=tech_engineer, due=at(3, 30, 12))
    f.ticket("awaiting_parts", engineer=tech_engineer, due=at(3, 2), paused=at(3, 1))
    f.ticket("closed", engineer=other_engineer, due=at(3, 6, 17), resolved=at(3, 6, 9),
             closed=at(3, 6, 11))
    # 维修 (engineer): ready before the repair deadline; ready 2 working days late
    # (Fri 13 → Tue 17); a cancelled order is not "handled".
    f.delivered_repair(engineer=tech_engineer, received_by=clerk,
                       repair_due=at(3, 13, 17), ready=at(3, 12, 16), closed=at(3, 16))
    f.delivered_repair(engineer=tech_engineer, received_by=clerk,
                       repair_due=at(3, 13, 17), ready=at(3, 17, 10), closed=at(3, 18))
    f.repair("cancelled", engineer=tech_engineer, received_by=clerk)
    # 投诉 (handler as responsible, 社会事务办): on time; 2 working days late.
    f.handled_complaint(responsible=handler, department=department,
                        handle_due=at(3, 20, 17), handled=at(3, 19))
    f.handled_complaint(responsible=handler, department=department,
                        handle_due=at(3, 23, 17), handled=at(3, 25))
    # 催办 / 督办 notices: February's is not counted.
    f.notice(handler, "chase", at(3, 17))
    f.notice(handler, "chase", at(3, 26))
    f.notice(handler, "chase", at(2, 26))
    f.notice(handler, "reminder", at(3, 26))
    f.notice(tech_engineer, "chase", at(3, 10))
    f.notice(manager, "escalation", at(3, 18))
    # 回访: engineer 5 and 2 (差评); April's and a scheduled call are not counted.
    f.revisit(engineer=tech_engineer, rating=5, completed=at(3, 10))
    f.revisit(engineer=tech_engineer, rating=2, completed=at(3, 20))
    f.revisit(engineer=tech_engineer, rating=4, completed=at(4, 2))
    f.revisit(engineer=tech_engineer, state="scheduled")
    f.revisit(engineer=handler, department=department, rating=3, completed=at(3, 15))


def _line(lines, name):
    return next(line for line in lines if line.name == name).figures


def test_report_person_figures_match_hand_count(march):
    report = build_report(MARCH, now=NOW)
    h = _line(report.people, "陈经办")
    assert dict(h.handled) == {"petition": 2, "complaint": 2}
    assert (h.on_time, h.late, h.open_overdue) == (2, 2, 1)
    assert h.on_time_rate == 50.0
    assert h.overdue_days == 4 + 2 + 4  # petition late, complaint late, petition open
    assert (h.chase, h.escalation) == (2, 0)
    assert (h.rated, h.avg_rating, h.bad) == (1, 3.0, 0)

    e = _line(report.people, "李工程师")
    assert dict(e.handled) == {"ticket": 2, "repair": 2}
    assert (e.on_time, e.late, e.open_overdue, e.overdue_days) == (2, 2, 1, 2 + 2 + 1)
    assert (e.chase, e.rated, e.avg_rating, e.bad) == (1, 2, 3.5, 1)

    assert dict(_line(report.people, "吴经办").handled) == {"petition": 1}
    assert _line(report.people, "周工程师").on_time_rate == 100.0
    m = _line(report.people, "刘主管")
    assert (m.handled_total, m.escalation) == (0, 1)


def test_report_department_figures_and_total(march):
    report = build_report(MARCH, now=NOW)
    names = [line.name for line in report.departments]
    assert names == ["技术服务部", "农业农村办公室", "社会事务办公室", NO_DEPARTMENT]
    swb = _line(report.departments, "社会事务办公室")
    assert (swb.handled_total, swb.late, swb.open_overdue, swb.chase) == (4, 2, 1, 2)
    jsb = _line(report.departments, "技术服务部")
    assert (jsb.handled_total, jsb.overdue_days, jsb.avg_rating) == (4, 5, 3.5)
    none = _line(report.departments, NO_DEPARTMENT)
    assert (none.handled_total, none.escalation) == (1, 1)
    t = report.total
    assert (t.handled_total, t.on_time, t.late, t.open_overdue) == (10, 6, 4, 2)
    assert (t.overdue_days, t.chase, t.escalation) == (15, 3, 1)
    assert (t.rated, t.avg_rating, t.bad) == (3, 3.33, 1)


def test_report_other_month_is_separate(march):
    feb = build_report(datetime.date(2026, 2, 1), now=NOW)
    h = _line(feb.people, "陈经办")
    assert dict(h.handled) == {"petition": 1}
    assert (h.late, h.chase) == (0, 1)  # replied 27 Feb, before its 16 March deadline


def test_report_query_count_is_fixed(march):
    with CaptureQueriesContext(connection) as ctx:
        build_report(MARCH, now=NOW)
    # one for the aggregates (the five processes, 办件 with them, notices and
    # ratings: a UNION ALL), names, departments, the window ratings' one grouped
    # query, the levels' one and the 并联审批 departments' one
    # (registry.report_sections) (+ calendar)
    report_queries = [q for q in ctx.captured_queries
                      if "calendar" not in q["sql"].lower()]
    assert len(report_queries) == 6
