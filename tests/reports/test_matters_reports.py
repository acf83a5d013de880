"""办件 on the dashboard (backlog by state and age, due today, overdue by department)
and in the accountability report (a decision after the promise is 超期办结 against
the department and the handler, measured against the promise read back from
history, with its working days past due)."""

import datetime

import pytest
from django.utils import timezone

from matters import services
from matters.models import State
from servicecenter import workdays
from servicecenter.reports.accountability import build_report
from servicecenter.reports.dashboard import build_dashboard
from servicecenter.reports.processes import MATTER, PROCESSES
from tests.matters.factories import Walk, at, make_application

pytestmark = pytest.mark.django_db
S = State
NOW = at(18, 10, month=3)  # Wednesday 18 March 2026, 10:00
COLUMN = PROCESSES.index(MATTER)




@pytest.fixture
def open_matters(clerk, handler):
    def app(state, received, due, **fields):
        return make_application(state, received_at=received, due_at=due,
                                first_receiver=clerk, **fields)

    app(S.RECEIVED, NOW - datetime.timedelta(hours=2), at(20, 23, month=3))
    app(S.RECEIVED, at(13, month=3), at(17, 23, month=3))  # 一次性告知 overdue
    app(S.HANDLING, at(8, month=3), at(18, 18, month=3), handler=handler)  # today
    app(S.SPECIAL, at(2, month=3), at(17, 23, month=3), handler=handler)  # paused
    app(S.REVIEW, at(26, month=2), at(16, 23, month=3), handler=handler)
    app(S.DECIDED, at(16, month=2), at(17, 23, month=3), handler=handler)  # 办结告知
    app(S.CLOSED, at(2, month=2), None, handler=handler)


def test_dashboard_backlog_due_today_and_overdue_by_department(open_matters, clerk,
                                                               department):
    data = build_dashboard(NOW)
    matters = next(b for b in data["backlogs"] if b.process is MATTER)
    assert {r.state: r.ages for r in matters.rows} == {
        S.RECEIVED: [1, 1, 0, 0], S.HANDLING: [0, 0, 1, 0], S.SPECIAL: [0, 0, 0, 1],
        S.REVIEW: [0, 0, 0, 1], S.DECIDED: [0, 0, 0, 1]}
    assert (matters.total, matters.due_today, matters.overdue) == (6, 1, 3)
    by_dept = {r["name"]: r for r in data["overdue_departments"]}
    assert by_dept[department.name]["count"] == 3
    assert by_dept[department.name]["by_process"][COLUMN] == 3
    # the window owes the 一次性告知 and the 办结告知, the handler the decision
    people = {r["name"]: r["by_process"][COLUMN] for r in data["overdue_people"]}
    assert people == {"王窗口": 2, "陈经办": 1}


def test_late_decision_counts_against_department_and_handler(clerk, handler, head,
                                                             department, clock):
    walk = Walk(clerk, handler, head)
    clock(at(2, month=2))
    late = walk.review()
    decided_at = late.promised_due_at + datetime.timedelta(days=3)
    clock(decided_at - datetime.timedelta(days=1))
    in_time = walk.review()
    clock(decided_at)
    for app in (late, in_time):
        services.decide_application(app, head, outcome="granted",
                                    decision_text="准予纳入城乡低保。")
    month = timezone.localdate(decided_at).replace(day=1)
    report = build_report(month, now=decided_at + datetime.timedelta(hours=1))
    dept = next(line for line in report.departments if line.key == department.pk)
    assert dept.figures.handled[MATTER.key] == 2
    assert (dept.figures.on_time, dept.figures.late) == (1, 1)
    assert dept.figures.overdue_days == workdays.workdays_between(
        timezone.localdate(late.promised_due_at), timezone.localdate(decided_at)) > 0
    person = next(line for line in report.people if line.key == handler.pk)
    assert (person.figures.handled[MATTER.key], person.figures.late) == (2, 1)
