"""限时办结 on the working-day calendar: the 一次性告知 limit over a holiday, the
promise over 调休 and paused by a 公示 stage, and the sweep on both."""

import datetime

import pytest
from django.utils import timezone

from matters import services
from matters.models import State
from servicecenter import deadlines, sweep
from servicecenter.models import Notification
from tests.matters.factories import at

pytestmark = pytest.mark.django_db



def _day(dt):
    return timezone.localtime(dt).date()


def test_notice_due_two_working_days_after_receipt_across_national_day(walk, clerk):
    # received Wed 30 Sep 2026; 1–7 Oct are 国庆节: the 2nd working day is Fri 9 Oct
    app = walk.receive(missing=["户主彩色1寸照片"], received_at=at(30, 10, month=9))
    assert _day(app.notice_due_at) == datetime.date(2026, 10, 9)
    assert app.due_at == app.notice_due_at and not app.due_provisional
    sweep.run(at(9, 16, month=10), full=True)
    chases = Notification.objects.filter(object_id=app.pk, kind="chase")
    assert not chases.exists()
    sweep.run(at(10, 9, month=10), full=True)  # 告知书 still not issued
    assert list(chases.values_list("recipient", flat=True)) == [clerk.pk]


def test_notice_issued_in_time_stops_the_chase(walk, clerk):
    app = walk.receive(missing=["户主彩色1寸照片"], received_at=at(30, 10, month=9))
    row = app.materials.get(material__name="户主彩色1寸照片")
    services.request_correction_application(app, clerk, problems={row.pk: "未提交"})
    sweep.run(at(12, 9, month=10), full=True)
    assert not Notification.objects.filter(object_id=app.pk, kind="chase").exists()


def _three_day_item(walk, manager):
    services.revise_item(walk.item, manager, promised_limit_days=3,
                         change_note="测试：3个工作日")
    walk.item.refresh_from_db()


def test_promise_counts_the_tiaoxiu_saturday(walk, clerk, manager, clock):
    _three_day_item(walk, manager)
    clock(at(9, 10, month=10))  # Fri 9 Oct; Sat 10 Oct is a 调休 working day
    app = services.accept_application(walk.receive(), clerk)
    # 10 (Sat, 调休), 12, 13 Oct: not 14 Oct as Monday–Friday would say
    assert _day(app.promised_due_at) == datetime.date(2026, 10, 13)
    assert app.due_at == app.promised_due_at


def test_publicity_stage_pauses_the_promise(walk, clerk, handler, manager, clock):
    _three_day_item(walk, manager)
    clock(at(9, 10, month=10))
    app = services.take_application(
        services.accept_application(walk.receive(), clerk), handler)
    clock(at(12, 10, month=10))  # Mon: 公示 in the village, 7 days
    app = services.pause_application(app, handler, kind="publicity", planned_days=7)
    clock(at(15, 10, month=10))  # past the original promise, but paused
    assert not app.is_overdue and app.clock.due(app) is None
    shown = deadlines.running_time_left(app)
    assert shown["overdue"] is False
    assert _day(shown["due"]) == datetime.date(2026, 10, 13)  # shown, standing still
    clock(at(19, 10, month=10))  # Mon: the stage ends after 5 working days
    app = services.resume_application(app, handler)
    assert app.paused_days == 5
    # 3 working days of handling + the 5 paused ones, from Fri 9 Oct
    assert _day(app.promised_due_at) == datetime.date(2026, 10, 20)
    assert app.state == State.HANDLING and not app.is_overdue


def test_overdue_promise_is_flagged_for_apology_and_counted(walk, clerk, manager,
                                                            clock, handler):
    _three_day_item(walk, manager)
    clock(at(9, 10, month=10))
    app = services.take_application(
        services.accept_application(walk.receive(), clerk), handler)
    clock(at(14, 10, month=10))
    sweep.run(at(14, 10, month=10), full=True)
    app.refresh_from_db()
    assert app.marked_overdue and app.is_overdue
    assert app.overdue_remedy == "已超过承诺时限：责令向申请人赔礼道歉并立即办结。"
    from servicecenter.reports import accountability

    report = accountability.build_report(datetime.date(2026, 10, 1),
                                         at(14, 10, month=10))
    row = next(r for r in report.departments if r.name == app.department.name)
    assert row.figures.open_overdue == 1
