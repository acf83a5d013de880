"""Use cases for repair orders: one function each, all through the shared runner."""

import base64
import binascii
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from servicecenter import registry
from servicecenter.files import (
    checked_type,
    citizen_file_name,
    save_attachment,
    storage_guard,
    store,
)
from servicecenter.handoff import handoff_notice
from servicecenter.models import Attachment
from servicecenter.numbering import next_number
from servicecenter.pdf import issue_after_commit
from servicecenter.transitions import (
    TransitionRefused,
    create_record,
    refuse_unless,
    run_transition,
)

from . import pdf
from . import permissions as perms
from .models import DispatchFollowUp, ExternalDispatch, RepairLogEntry, RepairOrder


def receive_repair(user, party, *, photos=(), remark="", **device) -> RepairOrder:
    """Intake at the window: save the party if new, the order, the intake photos; the
    customer's receipt (维修服务单 with 接收回执) is issued once it commits."""
    refuse_unless(perms.can_receive_repair(user), "只有窗口工作人员可以接收维修设备。")
    for upload in photos:
        checked_type(upload)
    with transaction.atomic():
        if party.pk is None:
            party.save()
        order = RepairOrder(party=party, received_by=user, **device)
        try:
            order.receive(user=user)
        except ValidationError as exc:
            raise TransitionRefused("；".join(exc.messages)) from exc
        order.number = next_number("WX")
        create_record(order, user, name="receive", remark=remark,
                      after_commit=[issue_after_commit(pdf.RECEIPT, user)])
        for upload in photos:
            save_attachment(order, user, upload, "intake_photo")
    return order


def _run(order, name, user, remark="", expected_state=None, after_commit=(), **data):
    return run_transition(order, name, user, remark, expected_state=expected_state,
                          after_commit=after_commit, **data)


def _engineer_told(verb):
    done = "改派" if verb == "reassign" else "派"
    return handoff_notice(
        verb, lambda o: [o.engineer],
        lambda o: f"维修单{o.number}（{o.device_label}）已{done}给您",
        url_name="repairs:detail")


def assign_repair(order, user, *, engineer, remark="", expected_state=None):
    """派工; the engineer is told once it commits."""
    return _run(order, "assign", user, remark, expected_state,
                after_commit=[_engineer_told("assign")], engineer=engineer)


def reassign_repair(order, user, *, engineer, reason, remark="", expected_state=None):
    """改派 with the reason; the new engineer is told once it commits."""
    return _run(order, "reassign", user, "；".join(filter(None, [reason, remark])),
                expected_state, after_commit=[_engineer_told("reassign")],
                engineer=engineer, reason=reason)


def start_diagnosis(order, user, *, remark="", expected_state=None):
    return _run(order, "start_diagnosis", user, remark, expected_state)


def diagnose_repair(order, user, *, diagnosis, warranty_status, route, route_reason,
                    remark="", expected_state=None):
    return _run(order, "diagnose", user, remark, expected_state, diagnosis=diagnosis,
                warranty_status=warranty_status, route=route, route_reason=route_reason)


def start_repair(order, user, *, remark="", expected_state=None):
    return _run(order, "start_repair", user, remark, expected_state)


def request_dispatch(order, user, *, reason, remark="", expected_state=None):
    return _run(order, "request_dispatch", user, remark, expected_state, reason=reason)


def send_out(order, user, *, vendor, contact_person, contact_note, handover_date,
             receipt_no, receipt_photo, expected_return, first_followup_on=None,
             remark="", expected_state=None):
    """Hand the device to a vendor: the transition, then the dispatch record."""
    receipt_type = checked_type(receipt_photo) if receipt_photo is not None else ""
    with transaction.atomic():
        order = _run(order, "send_out", user, remark or f"送 {vendor}", expected_state,
                     vendor=vendor, contact_person=contact_person,
                     contact_note=contact_note, handover_date=handover_date,
                     receipt_no=receipt_no, receipt_photo=receipt_photo,
                     expected_return=expected_return)
        last = order.dispatches.aggregate(m=Max("seq"))["m"] or 0
        dispatch = ExternalDispatch(
            order=order, seq=last + 1, vendor=vendor, contact_person=contact_person,
            contacted_at=timezone.now(), contact_note=contact_note,
            handover_date=handover_date, receipt_no=receipt_no,
            expected_return=expected_return, sent_by=user,
            next_followup_on=first_followup_on or expected_return,
            receipt_photo_name=citizen_file_name(receipt_photo),
            receipt_photo_type=receipt_type,
        )
        store(dispatch.receipt_photo, receipt_photo)
        create_record(dispatch, user, name="send_out", remark=contact_note)
    return order


def receive_back(order, user, *, repaired, vendor_report, remark="",
                 expected_state=None):
    """The device is back from the vendor: the transition, then the dispatch's
    result."""
    with transaction.atomic():
        order = _run(order, "receive_back", user, remark, expected_state,
                     repaired=repaired, vendor_report=vendor_report)
        dispatch = order.dispatches.select_for_update().filter(
            result=ExternalDispatch.Result.PENDING).order_by("-seq").first()
        if dispatch is not None:
            dispatch.result = (ExternalDispatch.Result.REPAIRED if repaired
                               else ExternalDispatch.Result.NOT_REPAIRED)
            dispatch.vendor_report = vendor_report
            dispatch.returned_at, dispatch.received_by = timezone.now(), user
            dispatch.next_followup_on = None
            dispatch._history_user, dispatch._change_reason = user, "receive_back"
            dispatch.save()
    return order


def add_dispatch_followup(dispatch, user, *, on, contact, answer,
                          next_followup_on=None):
    """Chasing the vendor: record the call and when to call next."""
    refuse_unless(perms.can_follow_up_dispatch(user, dispatch))
    refuse_unless(dispatch.is_open, "该次送修已取回，不需要再跟进。")
    if next_followup_on and next_followup_on < on:
        raise TransitionRefused("下次跟进日期不能早于本次跟进日期。")
    with transaction.atomic():
        followup = DispatchFollowUp.objects.create(
            dispatch=dispatch, on=on, by=user, contact=contact, answer=answer,
            next_followup_on=next_followup_on)
        dispatch.next_followup_on = next_followup_on
        dispatch._history_user, dispatch._change_reason = user, "follow_up"
        dispatch._history_remark = f"{contact}：{answer}"
        dispatch.save(update_fields=["next_followup_on"])
    return followup


def add_log_entry(order, user, *, action, part_name="", old_serial="", new_serial="",
                  result="", at=None) -> RepairLogEntry:
    """Append one step to the process record (产品维修过程记录)."""
    refuse_unless(perms.can_add_log_entry_repair(user, order),
                   "只有负责该单的工程师可以在检测、维修期间填写维修过程记录。")
    if not (action or "").strip():
        raise TransitionRefused("请填写维修操作。")
    if (old_serial or new_serial) and not part_name:
        raise TransitionRefused("填写了旧件或新件序列号时，请同时填写更换部件名称。")
    return RepairLogEntry.objects.create(
        order=order, engineer=user, action=action, part_name=part_name,
        old_serial=old_serial, new_serial=new_serial, result=result,
        at=at or timezone.now())


def add_photo(order, user, upload, kind="repair_photo") -> Attachment:
    refuse_unless(perms.can_add_photo_repair(user, order))
    return save_attachment(order, user, upload, kind)


def finish_repair(order, user, *, remark="", expected_state=None):
    return _run(order, "finish_repair", user, remark, expected_state)


def pass_reinspection(order, user, *, checklist, result, remark="",
                      expected_state=None):
    return _run(order, "pass_reinspection", user, remark, expected_state,
                checklist=checklist, result=result)


def fail_reinspection(order, user, *, failures, remark="", expected_state=None):
    return _run(order, "fail_reinspection", user, remark or failures, expected_state,
                failures=failures)


def declare_unrepairable(order, user, *, reason, remark="", expected_state=None):
    return _run(order, "declare_unrepairable", user, remark or reason, expected_state,
                reason=reason)


def decode_signature(data_url: str) -> bytes:
    """The signature pad's PNG data URL → PNG bytes, checked to be a real PNG."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise TransitionRefused("请客户在签名板上签名。")
    try:
        png = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise TransitionRefused("签名图像无效，请重新签名。") from exc
    if not png.startswith(b"\x89PNG\r\n\x1a\n") or len(png) > 2 * 1024 * 1024:
        raise TransitionRefused("签名图像无效，请重新签名。")
    return png


def delivery_callbacks(user) -> list[Callable]:
    """What happens once a delivery is committed; each receives the saved order."""
    return [
        issue_after_commit(pdf.PICKUP, user),
        lambda order: schedule_repair_followup(order, user),
    ]


def schedule_repair_followup(order, user=None):
    """The satisfaction follow-up call (SPEC §5), 7–15 working days after pickup;
    kept by whichever app registered the scheduler (tickets), not imported."""
    return registry.schedule_followup(order, "repair", user)


def deliver_order(order, user, *, signer_name, signature, confirmed, remark="",
                  expected_state=None):
    """The customer collects the device and signs; the order closes."""
    png = decode_signature(signature)
    with storage_guard():  # the signature is written with the order's row
        return _run(order, "deliver", user, remark, expected_state,
                    after_commit=delivery_callbacks(user), signer_name=signer_name,
                    signature_png=png, confirmed=confirmed)


def cancel_repair(order, user, *, reason, device_returned, remark="",
                  expected_state=None):
    return _run(order, "cancel", user, remark or reason, expected_state, reason=reason,
                device_returned=device_returned)

