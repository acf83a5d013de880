"""联办件 / 并联审批 with 超时默认 (issue 20, item 3).

The item version declares its consulted departments; 受理 opens one opinion each, due
on the working-day calendar; a department that has not answered by its limit is
recorded 默认同意 by the sweep, the centre office is told once and the accountability
report counts it; pending opinions block 提交审核 and 审核办结; one refusal stops
准予."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matters import joint, services
from matters.joint_report import joint_sections
from matters.joint_work import joint_work_items
from matters.models import JointDepartment, JointOpinion, State
from matters.permissions import can_view_application
from matters.queries import visible_applications
from servicecenter import sweep
from servicecenter.models import Notification
from servicecenter.reports.accountability import build_report
from servicecenter.transitions import TransitionRefused
from tests.conftest import _persona
from tests.factories import DepartmentFactory

from .factories import at

pytestmark = pytest.mark.django_db
OP = JointOpinion.State



@pytest.fixture
def planning(db):
    return DepartmentFactory(code="GHZX", name="村镇规划建设服务中心", abbr="GH")


@pytest.fixture
def land(db):
    return DepartmentFactory(code="GTS", name="国土资源所", abbr="GT")


@pytest.fixture
def planner(planning):
    return _persona("planner", "handler", planning, first_name="钱规划")


@pytest.fixture
def surveyor(land):
    return _persona("surveyor", "handler", land, first_name="郑国土")


@pytest.fixture
def joint_item(walk, planning, land):
    """城乡低保 declared 联办件: 规划 5 working days, 国土 3."""
    version = walk.item.current_version
    JointDepartment.objects.create(version=version, department=planning, limit_days=5,
                                   subject="实地踏勘审查", order=0)
    JointDepartment.objects.create(version=version, department=land, limit_days=3,
                                   subject="用地审查", order=1)
    return walk.item


def _opinion(app, department) -> JointOpinion:
    return JointOpinion.objects.get(application=app, department=department)


def _day(dt):
    return timezone.localtime(dt).date()


def test_acceptance_opens_one_opinion_per_department_due_across_national_day(
        walk, joint_item, planning, land, clerk, clock):
    # accepted Wed 30 Sep 2026; 1–7 Oct are 国庆节, Sat 10 Oct is a 调休 working day
    clock(at(30, 10, month=9))
    app = walk.accepted()
    plan, survey = _opinion(app, planning), _opinion(app, land)
    assert (plan.state, survey.state) == (OP.PENDING, OP.PENDING)
    assert plan.opened_at == app.accepted_at
    assert _day(survey.due_at) == datetime.date(2026, 10, 10)  # 8, 9, 10 (Sat)
    assert _day(plan.due_at) == datetime.date(2026, 10, 13)  # 8, 9, 10, 12, 13
    assert timezone.localtime(plan.due_at).time() == datetime.time(23, 59, 59)
    assert (plan.limit_days, plan.subject) == (5, "实地踏勘审查")
    assert plan.history.count() == 1  # HistoricalRecords


def test_an_item_without_joint_departments_opens_none(walk):
    app = walk.accepted()
    assert not JointOpinion.objects.filter(application=app).exists()
    assert services.submit_application(
        services.take_application(app, walk.handler), walk.handler,
        opinion="符合条件。").state == State.REVIEW


def test_pending_opinions_block_submit_with_the_reason(
        walk, joint_item, client, planner, planning):
    app = walk.handling()
    with pytest.raises(TransitionRefused, match="联办部门未回复"):
        services.submit_application(app, walk.handler, opinion="符合条件。")
    client.force_login(walk.handler)
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert 'id="joint"' in page and "待回复" in page
    assert "联办部门未回复并联审批意见" in page  # the blocked 提交审核 says why
    # one department answered: still blocked by the other
    joint.answer_opinion(_opinion(app, planning), planner, decision="agree")
    with pytest.raises(TransitionRefused, match="联办部门未回复"):
        services.submit_application(app, walk.handler, opinion="符合条件。")


def test_answering_needs_the_department(walk, joint_item, planner, surveyor,
                                        planning, other_handler, client):
    app = walk.handling()
    plan = _opinion(app, planning)
    for stranger in (walk.handler, surveyor, other_handler, walk.clerk):
        with pytest.raises(TransitionRefused, match="没有权限"):
            joint.answer_opinion(plan, stranger, decision="agree")
    url = reverse("matters:joint_answer", args=[app.pk, plan.pk])
    client.force_login(surveyor)  # consulted, so sees the record, but not 规划's
    assert client.get(reverse("matters:detail", args=[app.pk])).status_code == 200
    assert client.post(url, {"decision": "agree"}).status_code == 403
    client.force_login(planner)
    # 不同意 without reasons: a Chinese message on the form, nothing written
    response = client.post(url, {"decision": "refuse", "text": "不同意"})
    assert response.status_code == 200
    assert "请填写不同意理由" in response.content.decode()
    assert _opinion(app, planning).state == OP.PENDING
    response = client.post(url, {"decision": "agree", "text": "选址符合规划。"})
    assert response.status_code == 302
    plan = _opinion(app, planning)
    assert (plan.state, plan.answered_by, plan.text) == (OP.AGREED, planner,
                                                        "选址符合规划。")
    assert plan.history.first().history_user == planner
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert "钱规划" in page and "选址符合规划。" in page
    assert client.post(url, {"decision": "refuse", "reasons": "x"}).status_code == 302
    assert _opinion(app, planning).state == OP.AGREED  # answered once


def test_timeout_default_rule(walk, joint_item, planning, land, planner, surveyor,
                              manager, clock):
    """超时默认制: not answered by the limit → 默认同意 (系统, at the limit), the office
    told once, counted against the department in the accountability report."""
    clock(at(30, 10, month=9))
    app = walk.handling()
    clock(at(9, 12, month=10))
    joint.answer_opinion(_opinion(app, planning), planner, decision="agree",
                         text="同意。")
    survey = _opinion(app, land)
    clock(at(10, 16, month=10))  # 国土's last day (the 调休 Saturday): not yet
    sweep.run(timezone.now(), full=True)
    assert _opinion(app, land).state == OP.PENDING
    reminded = Notification.objects.filter(title__startswith="并联审批意见今日到期")
    assert list(reminded.values_list("recipient__username", flat=True)) == [
        "surveyor"]  # 国土's handler, once; 规划 has answered
    sweep.run(timezone.now(), full=True)
    assert reminded.count() == 1
    clock(at(12, 9, month=10))
    sweep.run(timezone.now(), full=True)
    survey = _opinion(app, land)
    assert survey.state == OP.DEFAULTED
    assert survey.answered_by is None and survey.answered_at == survey.due_at
    assert "超时默认制" in survey.text
    assert survey.history.first().history_user is None  # 系统
    told = Notification.objects.filter(recipient=manager, object_id=app.pk,
                                       title__startswith="超时默认")
    assert told.count() == 1 and "国土资源所" in told.get().title
    sweep.run(timezone.now(), full=True)  # again: nothing new
    assert told.count() == 1
    # the handler may now go on
    assert services.submit_application(app, walk.handler,
                                       opinion="符合条件。").state == State.REVIEW
    # the accountability report for October: 国土 defaulted, 规划 in time
    [section] = joint_sections(datetime.date(2026, 10, 1), datetime.date(2026, 11, 1))
    rows = dict(section.rows)
    assert rows["国土资源所"][:4] == [1, 0, 0, 1]
    assert rows["村镇规划建设服务中心"][:4] == [1, 1, 0, 0]
    assert rows["合计"][0] == 2
    report = build_report(datetime.date(2026, 10, 1))
    assert any(s.title == "并联审批（按联办部门）" for s in report.sections)


def test_the_last_day_reminder_reads_no_opinion_reminded_already(
        walk, joint_item, planning, land, planner, surveyor, clock, monkeypatch):
    """An opinion reminded already is not read again: a day's reminders past one
    batch go out on the next sweeps (it was the same batch again and again)."""
    monkeypatch.setattr(joint, "BATCH", 1)
    clock(at(30, 10, month=9))
    app = walk.handling()
    survey = _opinion(app, land)
    JointOpinion.objects.filter(application=app).update(due_at=survey.due_at)
    clock(at(10, 16, month=10))  # both departments' last day
    assert [joint.remind_due_today(timezone.now()) for _ in range(3)] == [1, 1, 0]
    reminded = Notification.objects.filter(title__startswith="并联审批意见今日到期")
    assert sorted(reminded.values_list("recipient__username", flat=True)) == [
        "planner", "surveyor"]


def test_one_default_and_one_refusal_stop_the_grant(
        walk, joint_item, planning, land, surveyor, client, clock):
    clock(at(30, 10, month=9))
    app = walk.handling()
    clock(at(9, 11, month=10))
    with pytest.raises(TransitionRefused, match="不同意理由"):
        joint.answer_opinion(_opinion(app, land), surveyor, decision="refuse")
    joint.answer_opinion(_opinion(app, land), surveyor, decision="refuse",
                         reasons="拟建位置占用永久基本农田。")
    clock(at(14, 9, month=10))  # 规划 never answered (due 13 Oct)
    sweep.run(timezone.now(), full=True)
    assert _opinion(app, planning).state == OP.DEFAULTED
    app = services.submit_application(app, walk.handler, opinion="拟不予。")
    with pytest.raises(TransitionRefused) as refused:
        services.decide_application(app, walk.approver, outcome="granted",
                                    decision_text="准予。")
    assert "国土资源所不同意：拟建位置占用永久基本农田" in refused.value.message
    assert "只能作出不予决定" in refused.value.message
    client.force_login(walk.approver)
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert 'id="joint-refusal"' in page and "拟建位置占用永久基本农田" in page
    assert "默认同意" in page and "系统" in page
    done = services.decide_application(app, walk.approver, outcome="denied",
                                       decision_text="国土资源所审查不同意，不予批准。")
    assert done.state == State.DECIDED and done.outcome == "denied"


def test_a_consulted_department_sees_the_application_and_its_queue(
        walk, joint_item, planner, other_handler, client, clock):
    app = walk.handling()
    assert can_view_application(planner, app)
    assert visible_applications(planner).filter(pk=app.pk).exists()
    assert not can_view_application(other_handler, app)
    assert not visible_applications(other_handler).filter(pk=app.pk).exists()
    [item] = joint_work_items(planner)
    assert item.number == app.number and item.reason == "并联审批待回复意见"
    assert joint_work_items(other_handler) == []
    client.force_login(planner)
    page = client.get(reverse("matters:joint")).content.decode()
    assert app.number in page and "实地踏勘审查" in page
    page = client.get(reverse("matters:detail", args=[app.pk])).content.decode()
    assert reverse("matters:joint_answer",
                   args=[app.pk, _opinion(app, planner.departments.get()).pk]) in page
    client.force_login(walk.clerk)
    assert client.get(reverse("matters:joint")).status_code == 403


def test_a_departments_pending_opinions_come_off_an_index_in_order(
        walk, joint_item, planner, planning):
    """``pending_for`` one department reads its first page in (due_at, id) order off
    ``joint_dept_queue_idx``: without the id PostgreSQL joined the busiest
    department's ~840 pending opinions at 1M to their 办件 and sorted them (47 ms)."""
    from django.db import connection

    walk.handling()
    qs = joint.pending_for(planner, [planning.pk])[:26]
    assert len(qs) == 1
    with connection.cursor() as cursor:
        for setting in ("enable_sort", "enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = qs.explain()
    assert "Sort" not in plan and "joint_dept_queue_idx" in plan, plan


def test_a_withdrawn_application_asks_no_more(walk, joint_item, planner, planning,
                                             manager, clock):
    clock(at(30, 10, month=9))
    app = walk.handling()
    services.withdraw_application(app, walk.clerk, reason="申请人要求撤回。")
    with pytest.raises(TransitionRefused, match="已办结或已终止"):
        joint.answer_opinion(_opinion(app, planning), planner, decision="agree")
    assert joint_work_items(planner) == []
    clock(at(20, 9, month=10))  # past both limits: not defaulted, nobody told
    sweep.run(timezone.now(), full=True)
    assert _opinion(app, planning).state == OP.PENDING
    assert not Notification.objects.filter(title__startswith="超时默认").exists()


def test_a_new_version_keeps_the_joint_departments(joint_item, manager):
    new = services.revise_item(joint_item, manager, promised_limit_days=25,
                               change_note="时限调整")
    assert list(new.joint_departments.values_list("department__code", "limit_days")
                ) == [("GHZX", 5), ("GTS", 3)]


def test_a_limit_longer_than_the_promise_is_refused(joint_item, planning):
    from django.core.exceptions import ValidationError

    row = JointDepartment(version=joint_item.current_version, department=planning,
                          limit_days=40, subject="x")
    with pytest.raises(ValidationError, match="不得长于事项的承诺时限"):
        row.clean()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first view fills the per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_record_page_reads_the_panel_in_one_query(walk, joint_item, planner,
                                                  planning, land, client):
    """The 办件 record page stays within the pin (10) with a 并联审批 panel: the
    opinions are read in the application's own query, for its handler and for a
    consulted department alike, and a third department costs no query."""
    app = walk.handling()
    url = reverse("matters:detail", args=[app.pk])
    counts = {}
    for who in (walk.handler, planner):
        client.force_login(who)
        counts[who.username] = _queries(client, url)
    plain_app = services.take_application(
        services.accept_application(walk.receive(), walk.clerk), walk.handler)
    JointOpinion.objects.filter(application=plain_app).delete()
    client.force_login(walk.handler)
    without = _queries(client, reverse("matters:detail", args=[plain_app.pk]))
    third = DepartmentFactory(code="CZS", name="财政所")
    JointOpinion.objects.create(application=app, department=third, limit_days=3,
                                opened_at=app.accepted_at, due_at=app.promised_due_at)
    assert _queries(client, url) == counts[walk.handler.username]
    assert set(counts.values()) == {without} and without <= 10, (counts, without)


def test_record_page_reads_the_record_in_joins_of_a_few_tables(walk, client):
    """The record with all its relations was one join of 11 tables, which PostgreSQL
    took 7–13 ms at 1M to plan (the page's largest part of the database's time); as
    two queries of 6 and 7 it plans in 1.4 + 1.7 ms, within the same pin."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    app = walk.handling()
    client.force_login(walk.handler)
    url = reverse("matters:detail", args=[app.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200 and app.number in page.content.decode()
    records = [q["sql"] for q in ctx.captured_queries
               if 'FROM "matters_application" ' in q["sql"]]
    # the joins of the query itself (a subquery's tables are aliased U0, U1 …)
    joins = [len(re.findall(r'JOIN "\w+" (?:T\d+ )?ON', sql)) for sql in records]
    assert len(records) == 2 and max(joins) <= 6, joins


def test_the_catalogue_admin_declares_a_department_on_a_new_version(
        walk, manager, planning, client):
    from .test_versioning import _form_data

    old = walk.item.current_version
    client.force_login(manager)
    url = reverse("admin:matters_itemversion_change", args=[old.pk])
    page = client.get(url)
    assert page.status_code == 200 and "联办部门（并联审批，超时默认）" in (
        page.content.decode())
    data = _form_data(page.context["adminform"].form,
                      page.context["inline_admin_formsets"])
    prefix = next(i.formset.prefix for i in page.context["inline_admin_formsets"]
                  if i.formset.model is JointDepartment)
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-department": planning.pk,
                 f"{prefix}-0-subject": "实地踏勘审查", f"{prefix}-0-limit_days": "5",
                 f"{prefix}-0-order": "0", "window_class": "joint"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    walk.item.refresh_from_db()
    new = walk.item.current_version
    assert new.number == old.number + 1 and new.window_class == "joint"
    assert list(new.joint_departments.values_list("department", "limit_days")) == [
        (planning.pk, 5)]
    assert not old.joint_departments.exists()
