"""The repair flows end to end through the services (SPEC §4)."""

import datetime

import pytest
from django.utils import timezone

from repairs import services
from repairs.models import ExternalDispatch, RepairOrder
from servicecenter.models import IssuedDocument
from servicecenter.transitions import ConcurrentChange, TransitionRefused
from tests.factories import PartyFactory
from tests.repairs.conftest import png_upload, signature_data_url

pytestmark = pytest.mark.django_db

DEVICE = dict(device_type="打印机", brand="惠普", model_name="LaserJet P1108",
              serial_number="CN12345", purchase_date=datetime.date(2025, 9, 1),
              warranty_months=12, accessories="电源线、USB线", appearance="完好",
              configuration="标准配置", fault_description="卡纸，打印有黑线")


def _receive(clerk, **overrides):
    return services.receive_repair(clerk, PartyFactory(), photos=[png_upload()],
                                   **{**DEVICE, **overrides})


def _to_diagnosed(order, clerk, engineer, route="in_house", warranty="in"):
    order = services.assign_repair(order, clerk, engineer=engineer,
                                   expected_state="received")
    order = services.start_diagnosis(order, engineer)
    return services.diagnose_repair(order, engineer, diagnosis="定影组件老化",
                                    warranty_status=warranty, route=route,
                                    route_reason="本中心有备件")


def _reinspect_and_deliver(order, clerk, inspector, captured):
    order = services.pass_reinspection(order, inspector, checklist="打印测试页、进纸",
                                       result="合格")
    assert order.state == "ready" and order.due_at is not None
    with captured(execute=True):
        order = services.deliver_order(order, clerk, signer_name="张建国",
                                       signature=signature_data_url(), confirmed=True)
    return order


def test_receive_issues_receipt_and_sets_diagnosis_deadline(
        clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _receive(clerk)
    assert order.number.startswith("WX") and order.state == "received"
    assert order.received_by == clerk and order.due_at > timezone.now()
    doc = IssuedDocument.objects.get(object_id=order.pk, doc_type="repair_receipt")
    assert doc.file.read().startswith(b"%PDF-")


def test_receive_refuses_missing_intake_check_and_engineer(clerk, engineer):
    with pytest.raises(TransitionRefused, match="随机附件"):
        _receive(clerk, accessories="")
    assert not RepairOrder.objects.exists()
    with pytest.raises(TransitionRefused, match="窗口工作人员"):
        _receive(engineer)


def test_in_house_path_receive_to_deliver(clerk, engineer, other_engineer,
                                          django_capture_on_commit_callbacks):
    order = _to_diagnosed(_receive(clerk), clerk, engineer)
    assert order.warranty_status == "in" and order.route == "in_house"
    order = services.start_repair(order, engineer)
    with pytest.raises(TransitionRefused, match="至少填写一条维修过程记录"):
        services.finish_repair(order, engineer)
    services.add_log_entry(order, engineer, action="更换定影膜", part_name="定影膜",
                           old_serial="FX-OLD-1", new_serial="FX-NEW-9",
                           result="打印正常")
    order = services.finish_repair(order, engineer, expected_state="repairing")
    assert order.state == "reinspection" and order.repaired_by == engineer
    order = _reinspect_and_deliver(order, clerk, other_engineer,
                                   django_capture_on_commit_callbacks)
    assert order.state == "closed" and order.signer_name == "张建国"
    fresh = RepairOrder.objects.get(pk=order.pk)
    with fresh.signature.open("rb") as fh:
        assert fh.read().startswith(b"\x89PNG")
    assert IssuedDocument.objects.filter(object_id=order.pk,
                                         doc_type="repair_pickup").exists()
    reasons = list(order.history.order_by("history_id")
                   .values_list("history_change_reason", flat=True))
    assert reasons == ["receive", "assign", "start_diagnosis", "diagnose",
                       "start_repair",
                       "finish_repair", "pass_reinspection", "deliver"]


def _send(order, user, vendor, receipt_no):
    today = timezone.localdate()
    return services.send_out(
        order, user, vendor=vendor, contact_person="孙经理", contact_note="已电话预约",
        handover_date=today, receipt_no=receipt_no, receipt_photo=png_upload(),
        expected_return=today + datetime.timedelta(days=10))


def test_external_path_first_vendor_fails_second_repairs(
        clerk, engineer, vendor, other_vendor, django_capture_on_commit_callbacks):
    order = _to_diagnosed(_receive(clerk), clerk, engineer, route="external",
                          warranty="manufacturer")
    with pytest.raises(TransitionRefused, match="对外送修"):
        services.start_repair(order, engineer)
    order = services.request_dispatch(order, engineer, reason="厂家保修期内")
    order = _send(order, clerk, vendor, "QJ-001")
    assert order.state == "at_vendor" and order.is_paused
    assert order.current_vendor == vendor
    dispatch = order.dispatches.get()
    services.add_dispatch_followup(dispatch, clerk, on=timezone.localdate(),
                                   contact="孙经理", answer="正在检测",
                                   next_followup_on=timezone.localdate())
    order = services.receive_back(order, clerk, repaired=False,
                                  vendor_report="主板停产")
    assert not order.is_paused
    with pytest.raises(TransitionRefused, match="未修复"):
        services.finish_repair(order, engineer)
    order = services.request_dispatch(order, engineer, reason="首家无法修复，换厂家")
    order = _send(order, engineer, other_vendor, "QJ-002")
    order = services.receive_back(order, engineer, repaired=True,
                                  vendor_report="换主板")
    results = list(order.dispatches.order_by("seq")
                   .values_list("vendor__name", "result"))
    assert results == [("联想授权维修站", "not_repaired"),
                       ("哈密电脑维修中心", "repaired")]
    with pytest.raises(TransitionRefused, match="已修复"):
        services.declare_unrepairable(order, engineer, reason="x")
    services.add_log_entry(order, engineer, action="外修返回，开机测试", result="正常")
    order = services.finish_repair(order, engineer)
    order = _reinspect_and_deliver(order, clerk, engineer,
                                   django_capture_on_commit_callbacks)
    assert order.state == "closed"


def test_send_out_requires_receipt_photo_and_number(clerk, engineer, vendor):
    order = _to_diagnosed(_receive(clerk), clerk, engineer, route="external")
    order = services.request_dispatch(order, engineer, reason="本地无法维修")
    with pytest.raises(TransitionRefused, match="取机凭据号"):
        services.send_out(order, clerk, vendor=vendor, contact_person="孙",
                          contact_note="已联系", handover_date=timezone.localdate(),
                          receipt_no="", receipt_photo=png_upload(),
                          expected_return=timezone.localdate())
    assert RepairOrder.objects.get(pk=order.pk).state == "awaiting_dispatch"
    assert not ExternalDispatch.objects.exists()


def test_failed_reinspection_goes_back_to_repairing(clerk, engineer, other_engineer):
    order = services.start_repair(_to_diagnosed(_receive(clerk), clerk, engineer),
                                  engineer)
    services.add_log_entry(order, engineer, action="清洁搓纸轮")
    order = services.finish_repair(order, engineer)
    order = services.fail_reinspection(order, other_engineer, failures="仍有黑线")
    assert order.state == "repairing" and order.reinspection_result == "仍有黑线"
    with pytest.raises(TransitionRefused, match="不能执行「客户取件」"):
        services.deliver_order(order, clerk, signer_name="张", confirmed=True,
                               signature=signature_data_url())


def test_unrepairable_is_delivered_with_signature(clerk, engineer, manager,
                                                  django_capture_on_commit_callbacks):
    order = _to_diagnosed(_receive(clerk), clerk, engineer)
    order = services.declare_unrepairable(order, manager, reason="配件停产")
    assert order.state == "unrepairable"
    with pytest.raises(TransitionRefused, match="签名"):
        services.deliver_order(order, clerk, signer_name="张", signature="",
                               confirmed=True)
    with pytest.raises(TransitionRefused, match="确认"):
        services.deliver_order(order, clerk, signer_name="张", confirmed=False,
                               signature=signature_data_url())
    with django_capture_on_commit_callbacks(execute=True):
        order = services.deliver_order(order, clerk, signer_name="张",
                                       signature=signature_data_url(), confirmed=True)
    assert order.state == "closed"


def test_cancel_needs_reason_and_device_returned(clerk, engineer):
    order = _receive(clerk)
    with pytest.raises(TransitionRefused, match="退还"):
        services.cancel_repair(order, clerk, reason="客户不修了", device_returned=False)
    order = services.cancel_repair(order, clerk, reason="客户不修了",
                                   device_returned=True)
    assert order.state == "cancelled" and order.due_at is None


def test_two_clerks_assign_at_once_only_one_succeeds(clerk, other_clerk, engineer,
                                                     other_engineer):
    order = _receive(clerk)
    services.assign_repair(order, clerk, engineer=engineer, expected_state="received")
    with pytest.raises(ConcurrentChange, match="刚被他人处理"):
        services.assign_repair(order, other_clerk, engineer=other_engineer,
                               expected_state="received")


def test_process_record_is_append_only(clerk, engineer, other_engineer):
    order = services.start_repair(_to_diagnosed(_receive(clerk), clerk, engineer),
                                  engineer)
    entry = services.add_log_entry(order, engineer, action="检查")
    entry.action = "改写"
    with pytest.raises(Exception, match="只能追加"):
        entry.save()
    with pytest.raises(TransitionRefused, match="负责该单的工程师"):
        services.add_log_entry(order, other_engineer, action="x")


def test_clock_pauses_at_vendor_and_due_moves(clerk, engineer, vendor):
    order = _to_diagnosed(_receive(clerk), clerk, engineer, route="external")
    due_before = order.due_at
    order = services.request_dispatch(order, engineer, reason="本地无法维修")
    order = _send(order, clerk, vendor, "QJ-9")
    # the device spent 5 working days at the vendor
    from servicecenter import workdays
    started = workdays.add_workdays(timezone.localdate(), -5)
    RepairOrder.objects.filter(pk=order.pk).update(
        paused_at=timezone.make_aware(datetime.datetime.combine(started,
                                                                datetime.time(10))))
    order = services.receive_back(RepairOrder.objects.get(pk=order.pk), clerk,
                                  repaired=True, vendor_report="ok")
    assert order.paused_workdays == 5
    expected = workdays.add_workdays(timezone.localtime(due_before).date(), 5)
    assert timezone.localtime(order.due_at).date() == expected


def test_delivery_schedules_exactly_one_followup_call(clerk, engineer, other_engineer,
                                                      django_capture_on_commit_callbacks):
    from servicecenter import workdays
    from tickets.models import Revisit

    order = _to_diagnosed(_receive(clerk), clerk, engineer)
    order = services.start_repair(order, engineer)
    services.add_log_entry(order, engineer, action="更换电源", result="正常")
    order = services.finish_repair(order, engineer)
    order = _reinspect_and_deliver(order, clerk, other_engineer,
                                   django_capture_on_commit_callbacks)
    services.schedule_repair_followup(order, clerk)  # a second run adds nothing
    revisit = Revisit.objects.get()
    closed = timezone.localtime(order.closed_at).date()
    assert revisit.kind == "repair" and revisit.engineer == engineer
    assert revisit.window_start == workdays.add_workdays(closed, 7)
