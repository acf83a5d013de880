"""The application's use cases end to end, through the services."""

import datetime

import pytest
from django.utils import timezone

from matters import services
from matters.models import (
    Application,
    ApplicationExtension,
    SpecialStage,
    State,
)
from matters.queries import refusals, visible_applications
from servicecenter.models import Notification
from servicecenter.transitions import TransitionRefused
from tests.matters.factories import HEZUO, Walk

pytestmark = pytest.mark.django_db


def test_receive_numbers_the_application_and_keeps_the_current_version(walk, clerk):
    app = walk.receive()
    assert app.number.startswith(f"BJ{timezone.localdate().year}-")
    assert app.state == State.RECEIVED and app.first_receiver == clerk
    assert app.version == walk.item.current_version
    assert app.phone_tail == "5678"
    assert app.materials.count() == 6 and not app.owed_materials().exists()
    assert app.notice_due_at is not None and app.due_at == app.notice_due_at


def test_missing_material_blocks_accept_and_the_notice_lists_it(walk, clerk):
    app = walk.receive(missing=["户主彩色1寸照片"])
    with pytest.raises(TransitionRefused, match="未收齐"):
        services.accept_application(app, clerk)
    row = app.materials.get(material__name="户主彩色1寸照片")
    app = services.request_correction_application(
        app, clerk, problems={row.pk: "未提交"}, expected_state=State.RECEIVED)
    assert app.state == State.CORRECTION and app.notice_issued_at
    assert app.clock.due(app) is None  # the clock has not started
    app = services.resubmit_application(app, clerk, supplied=[row])
    app = services.accept_application(app, clerk)
    assert app.state == State.ACCEPTED and app.promised_due_at


def test_correction_with_nothing_missing_is_refused(walk, clerk):
    app = walk.receive()
    with pytest.raises(TransitionRefused, match="材料齐全"):
        services.request_correction_application(app, clerk, problems={})


def test_full_walk_to_closed_records_every_step(walk, clerk, handler, head):
    app = walk.closed()
    assert app.state == State.CLOSED
    assert app.handler == handler and app.decided_by == head
    assert app.outcome == "granted" and app.inform_channel == "phone"
    assert app.delivery_method == "window" and app.delivered_at
    reasons = list(app.history.order_by("history_date").values_list(
        "history_change_reason", flat=True))
    assert reasons == ["receive", "accept", "take", "submit", "decide", "inform",
                       "deliver"]


def test_waiver_accepts_with_a_promise_and_the_sweep_chases_it(walk, clerk):
    from servicecenter import sweep

    app = walk.receive(missing=["家庭成员收入证明"])
    promised = timezone.localdate() + datetime.timedelta(days=3)
    app = services.accept_with_waiver_application(app, clerk, promised_by=promised)
    row = app.materials.get(material__name="家庭成员收入证明")
    assert app.state == State.ACCEPTED and row.waived and row.promised_by == promised
    sweep.run(timezone.now() + datetime.timedelta(days=5), full=True)
    chased = Notification.objects.filter(recipient=clerk, object_id=app.pk,
                                         title__contains="容缺")
    assert chased.count() == 1
    app = services.supply_material_application(app, clerk, material=row)
    assert app.waiver_due_at is None


def test_waiver_chase_moves_past_a_full_batch(clerk, monkeypatch):
    """More promises overdue than one batch: the next run reminds the rest."""
    from matters import sweep as waivers
    from tests.matters.factories import make_application

    monkeypatch.setattr(waivers, "BATCH", 2)
    past = timezone.now() - datetime.timedelta(days=2)
    apps = [make_application(State.ACCEPTED, first_receiver=clerk,
                             waiver_due_at=past + datetime.timedelta(hours=i))
            for i in range(3)]
    assert waivers.chase_waivers(timezone.now()) == {"waiver_chased": 2}
    assert waivers.chase_waivers(timezone.now()) == {"waiver_chased": 1}
    assert waivers.chase_waivers(timezone.now()) == {"waiver_chased": 0}
    chased = set(Notification.objects.filter(title__contains="容缺").values_list(
        "object_id", flat=True))
    assert chased == {a.pk for a in apps}


def test_waiver_refused_when_a_missing_material_is_not_waivable(walk, clerk):
    app = walk.receive(missing=["户主彩色1寸照片"])
    with pytest.raises(TransitionRefused, match="不允许容缺"):
        services.accept_with_waiver_application(
            app, clerk, promised_by=timezone.localdate())


def test_refusal_is_reported_and_listed_for_the_manager(
        walk, clerk, manager, django_capture_on_commit_callbacks):
    app = walk.receive()
    with django_capture_on_commit_callbacks(execute=True):
        app = services.refuse_application(
            app, clerk, reason="户籍不在本乡镇",
            basis="《城市居民最低生活保障条例》第二条", remedy="可向户籍所在地乡镇申请")
    assert app.state == State.REJECTED and app.refused_at
    assert list(refusals(manager)) == [app]
    assert Notification.objects.filter(recipient=manager, object_id=app.pk,
                                       title__startswith="否定报备").exists()


def test_refusal_needs_reason_basis_and_remedy(walk, clerk):
    with pytest.raises(TransitionRefused, match="法律依据"):
        services.refuse_application(walk.receive(), clerk, reason="不符合", basis="",
                                    remedy="复议")


def test_immediate_item_completes_at_once(clerk, handler, head):
    app = Walk(clerk, handler, head, HEZUO).receive()
    app = services.complete_at_once_application(app, clerk)
    assert app.state == State.DECIDED and app.outcome == "granted"
    assert timezone.localtime(app.promised_due_at).date() >= timezone.localdate()


def test_promised_item_cannot_complete_at_once(walk, clerk):
    with pytest.raises(TransitionRefused, match="即办件"):
        services.complete_at_once_application(walk.receive(), clerk)


def test_pause_and_resume_record_the_special_stage(walk, handler):
    app = walk.handling()
    app = services.pause_application(app, handler, kind="publicity", planned_days=7)
    assert app.state == State.SPECIAL and app.is_paused
    assert app.clock.due(app) is None and not app.is_overdue
    stage = SpecialStage.objects.get(application=app)
    assert stage.kind == "publicity" and stage.ended_at is None
    app = services.resume_application(app, handler)
    stage.refresh_from_db()
    assert app.state == State.HANDLING and stage.ended_at


def test_send_back_returns_to_the_handler_with_the_reason(walk, head):
    app = services.send_back_application(walk.review(), head, reason="缺入户调查表")
    assert app.state == State.HANDLING and app.send_back_reason == "缺入户调查表"


def test_withdraw_from_an_open_state_records_the_reason(walk, clerk):
    app = services.withdraw_application(walk.handling(), clerk, reason="申请人撤回")
    assert app.state == State.WITHDRAWN and app.withdraw_reason == "申请人撤回"
    assert not app.is_open


def test_extension_once_approved_by_a_leader_moves_the_promise(walk, handler,
                                                                leader, head):
    app = walk.handling()
    before = app.promised_due_at
    ext = services.request_extension_application(app, handler, days=10,
                                                 reason="需补充入户调查")
    with pytest.raises(TransitionRefused, match="只能申请一次"):
        services.request_extension_application(app, handler, days=5, reason="再延")
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.decide_extension_application(ext, head, approve=True)
    services.decide_extension_application(ext, leader, approve=True, note="同意")
    app.refresh_from_db()
    assert app.extension_days == 10 and app.promised_due_at > before
    assert ApplicationExtension.objects.get(pk=ext.pk).decided_by == leader


def test_extension_beyond_the_allowance_is_refused(walk, handler):
    with pytest.raises(TransitionRefused, match="1至10天"):
        services.request_extension_application(walk.handling(), handler, days=11,
                                               reason="太忙")


def test_handler_sees_only_the_department_applications(walk, handler,
                                                        other_handler, clerk):
    app = walk.receive()
    assert visible_applications(clerk).filter(pk=app.pk).exists()
    assert visible_applications(handler).filter(pk=app.pk).exists()
    assert not visible_applications(other_handler).filter(pk=app.pk).exists()
    assert Application.objects.count() == 1


def test_visible_applications_and_can_view_agree(walk, personas, head):
    from matters.permissions import can_view_application

    apps = [walk.receive(), walk.handling(), walk.review()]
    for user in [*personas.values(), head]:
        visible = set(visible_applications(user).values_list("pk", flat=True))
        assert visible == {a.pk for a in apps if can_view_application(user, a)}, user


def test_work_items_reach_clerk_handler_head_and_leader(walk, clerk, handler, head,
                                                        leader):
    from servicecenter import workqueue

    received, accepted, review = walk.receive(), walk.accepted(), walk.review()
    handling = walk.handling()
    services.request_extension_application(handling, handler, days=3, reason="补调查")

    def numbers(user):
        return {i.number for i in workqueue._items_for(user) if i.category.startswith(
            "办件")}

    assert received.number in numbers(clerk)
    assert {accepted.number, handling.number} <= numbers(handler)
    assert review.number in numbers(head) and review.number not in numbers(handler)
    assert handling.number in numbers(leader)  # the extension awaiting approval


def test_confirmed_calendar_recomputes_a_provisional_promise(walk, clerk,
                                                             monkeypatch):
    from servicecenter import recompute
    from tests.matters.factories import at

    monkeypatch.setattr(timezone, "now", lambda: at(2, month=3))  # due in 2026
    app = walk.accepted()
    Application.objects.filter(pk=app.pk).update(
        due_provisional=True, due_at=app.due_at - datetime.timedelta(days=3))
    year = timezone.localtime(app.accepted_at).year
    assert recompute.recompute_year(year) >= 1
    app.refresh_from_db()
    assert app.due_at == app.promised_due_at and not app.due_provisional
    assert app.history.first().history_change_reason == "recompute_calendar"
