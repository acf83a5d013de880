"""Service-ticket use cases: one function per verb, each through ``run_transition``.

Deadlines, spare-part rows, signatures and difficult cases are computed or written
here, around the transition, in the same database transaction.
"""

import base64
import binascii
import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from servicecenter import deadlines, workdays
from servicecenter.files import save_attachment, store
from servicecenter.handoff import handoff_notice
from servicecenter.models import Attachment
from servicecenter.numbering import next_number
from servicecenter.roles import ENGINEER, has_role
from servicecenter.transitions import (
    TransitionRefused,
    create_record,
    refuse_unless,
    run_transition,
)
from servicecenter.validators import validate_upload
from tickets.models import ContactLog, ServiceTicket, Signature, SparePartRecord

from . import permissions as perms

SIGNATURE_MAX_BYTES = 1024 * 1024


def _check_engineer(engineer):
    if engineer is None or not has_role(engineer, ENGINEER):
        raise TransitionRefused("请选择一名服务工程师。")


# --- create and assign -----------------------------------------------------------

def create_ticket(user, *, party, remark="", **fields) -> ServiceTicket:
    """The clerk fills the 技术服务任务单; the assign clock (2 working hours) starts."""
    refuse_unless(perms.can_create_ticket(user), "只有窗口工作人员可以登记服务单。")
    return _new_ticket(user, party=party, remark=remark, **fields)


def create_ticket_as_system(*, party, remark="", **fields) -> ServiceTicket:
    """A ticket the system opens (maintenance sweep, special service): no first
    receiver; a clerk assigns it like any other."""
    return _new_ticket(None, party=party, remark=remark, **fields)


def _new_ticket(user, *, party, remark, **fields) -> ServiceTicket:
    ticket = ServiceTicket(party=party, created_by=user, **fields)
    try:
        ticket.full_clean(exclude=["number", "state", "created_by"])
    except ValidationError as exc:
        raise TransitionRefused("；".join(exc.messages)) from exc
    deadline = deadlines.deadline_for("ticket", "assign", ticket.created_at)
    ticket.due_at = deadline.due
    ticket.due_provisional = deadline.provisional
    with transaction.atomic():
        ticket.number = next_number("FW")
        return create_record(ticket, user, name="create", remark=remark)


def _confirm_deadline():
    """The clerks' confirmation with the customer, from the engineer's feedback."""
    stage = ServiceTicket.clock.stage[ServiceTicket.State.RESOLVED]
    return deadlines.deadline_for("ticket", stage, timezone.now())


def resolve_deadline(ticket, start):
    return deadlines.deadline_for("ticket", ticket.resolve_stage, start)


def _engineer_told(verb):
    done = "改派" if verb == "reassign" else "派"
    return handoff_notice(verb, lambda t: [t.engineer],
                          lambda t: f"服务单{t.number}已{done}给您：{t.problem[:40]}",
                          url_name="tickets:detail")


def assign_ticket(ticket, user, *, engineer, appointment_at=None, expected_state=None,
                  remark=""):
    """派工: the resolve deadline runs from registration, by kind and emergency; the
    engineer is told once it commits."""
    _check_engineer(engineer)
    return run_transition(ticket, "assign", user, remark, expected_state=expected_state,
                          after_commit=[_engineer_told("assign")],
                          engineer=engineer, appointment_at=appointment_at,
                          due=resolve_deadline(ticket, ticket.created_at))


def reassign_ticket(ticket, user, *, engineer, reason, appointment_at=None,
                    expected_state=None):
    _check_engineer(engineer)
    return run_transition(ticket, "reassign", user, reason,
                          expected_state=expected_state,
                          after_commit=[_engineer_told("reassign")],
                          engineer=engineer, reason=reason,
                          appointment_at=appointment_at)


def start_ticket(ticket, user, *, started_at=None, expected_state=None, remark=""):
    return run_transition(ticket, "start", user, remark, expected_state=expected_state,
                          started_at=started_at)


def convert_to_onsite(ticket, user, *, reason, appointment_at, expected_state=None):
    """Remote failed or the customer asked: a visit, on a fresh onsite clock."""
    due = deadlines.deadline_for("ticket", "resolve_onsite", timezone.now())
    return run_transition(ticket, "convert_to_onsite", user, reason,
                          expected_state=expected_state, reason=reason,
                          appointment_at=appointment_at, due=due)


# --- the paused clock -------------------------------------------------------------

def _resumed(ticket, now):
    """The deadline moved by the working hours the clock stood still."""
    if ticket.paused_at is None or ticket.due_at is None:
        return ticket.due_at, 0
    hours = workdays.working_hours_between(ticket.paused_at, now)
    due = workdays.add_working_hours(ticket.due_at, hours) if hours else ticket.due_at
    return due, hours


def wait_for_parts(ticket, user, *, part_name, supplier, expected_date,
                   expected_state=None, remark=""):
    """待备件: the 备件服务记录 row opens and the clock pauses."""
    now = timezone.now()
    with transaction.atomic():
        ticket = run_transition(
            ticket, "wait_for_parts", user,
            remark or f"备件：{part_name}（{supplier}）",
            expected_state=expected_state, part_name=part_name, supplier=supplier,
            expected_date=expected_date, now=now)
        SparePartRecord.objects.create(
            ticket=ticket, part_name=part_name, supplier=supplier,
            expected_date=expected_date, requested_by=user, requested_at=now)
    return ticket


def parts_arrived(ticket, user, *, serial_number, note="", expected_state=None):
    now = timezone.now()
    with transaction.atomic():
        locked = ServiceTicket.objects.select_for_update().get(pk=ticket.pk)
        due, hours = _resumed(locked, now)
        ticket = run_transition(
            locked, "parts_arrived", user, f"序列号：{serial_number}",
            expected_state=expected_state, serial_number=serial_number,
            resumed_due=due, paused_hours=hours)
        part = ticket.parts.filter(received_at=None).order_by("-requested_at").first()
        if part:
            part.serial_number, part.received_at, part.received_by = (
                serial_number, now, user)
            part.note = note or part.note
            part.save()
    return ticket


def escalate_ticket(ticket, user, *, reason, expected_state=None):
    """已升级: the ticket waits, paused, while a difficult case is proposed."""
    from .cases import propose_case

    with transaction.atomic():
        ticket = run_transition(ticket, "escalate", user, reason,
                                expected_state=expected_state, reason=reason,
                                now=timezone.now())
        case = propose_case(ticket, user,
                            title=f"{ticket.number} {ticket.problem[:60]}",
                            reason=reason)
    return ticket, case


def resume_ticket(ticket, remark=""):
    """The system resumes an escalated ticket when its difficult case is settled."""
    locked = ServiceTicket.objects.select_for_update().get(pk=ticket.pk)
    due, hours = _resumed(locked, timezone.now())
    return run_transition(locked, "resume", perms.SYSTEM, remark,
                          resumed_due=due, paused_hours=hours)


# --- resolve, reopen, close, cancel ------------------------------------------------

def _signature_file(data_url: str) -> ContentFile:
    """A PNG from the pad's data URL, checked like any upload."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError("签名数据无效，请重新签字。")
    try:
        raw = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("签名数据无效，请重新签字。") from None
    file = ContentFile(raw, name=f"{uuid.uuid4().hex}.png")
    try:
        mime = validate_upload(file, max_bytes=SIGNATURE_MAX_BYTES)
    except ValidationError:
        mime = None
    if mime != "image/png":
        raise ValidationError("签名数据无效，请重新签字。")
    return file


def save_signature(record, user, *, role, signer_name, data_url) -> Signature:
    if not (signer_name or "").strip():
        raise ValidationError("请填写签字人姓名。")
    signature = Signature(record=record, role=role, signer_name=signer_name.strip(),
                          signed_at=timezone.now(), captured_by=user)
    store(signature.image, _signature_file(data_url))
    signature.save()
    return signature


def _delete_files_on_rollback(signatures):
    for signature in signatures:
        signature.image.delete(save=False)


def resolve_ticket(ticket, user, *, result, service_record="", fault_analysis="",
                   signature_data="", signer_name="", no_signature_reason="",
                   expected_state=None, remark=""):
    """已反馈: onsite, the customer's signature is saved with the result."""
    signatures = []
    try:
        with transaction.atomic():
            if signature_data:
                refuse_unless(perms.can_resolve_ticket(user, ticket),
                               "您没有权限执行「完成反馈」。")
                signatures.append(save_signature(
                    ticket, user, role=Signature.Role.CUSTOMER, signer_name=signer_name,
                    data_url=signature_data))
            return run_transition(
                ticket, "resolve", user, remark or result,
                expected_state=expected_state,
                result=result, service_record=service_record,
                fault_analysis=fault_analysis, has_signature=bool(signatures),
                no_signature_reason=no_signature_reason, now=timezone.now(),
                confirm_due=_confirm_deadline())
    except ValidationError as exc:
        _delete_files_on_rollback(signatures)
        raise TransitionRefused("；".join(exc.messages)) from exc
    except Exception:
        _delete_files_on_rollback(signatures)
        raise


def reopen_ticket(ticket, user, *, reason, expected_state=None):
    return run_transition(ticket, "reopen", user, reason, expected_state=expected_state,
                          reason=reason)


def close_ticket(ticket, user, *, confirmation, phone_confirmation="",
                 expected_state=None):
    """已完结; the satisfaction follow-up call (7–15 working days) is scheduled after
    commit."""
    after_commit = [lambda t: schedule_ticket_followup(t, user)]
    return run_transition(ticket, "close", user, confirmation,
                          expected_state=expected_state, confirmation=confirmation,
                          phone_confirmation=phone_confirmation, now=timezone.now(),
                          after_commit=after_commit)


def schedule_ticket_followup(ticket, user=None):
    from tickets.followups import schedule_record_followup

    return schedule_record_followup(ticket, "service", user)


def cancel_ticket(ticket, user, *, reason, expected_state=None):
    return run_transition(ticket, "cancel", user, reason, expected_state=expected_state,
                          reason=reason)


# --- the communication log and photos --------------------------------------------

def log_contact(ticket, user, *, at, channel, summary) -> ContactLog:
    """Append one contact with the customer; entries are never edited."""
    refuse_unless(perms.can_log_contact_ticket(user, ticket),
                   "只有负责的工程师或窗口人员可以在未完结的服务单上记录沟通。")
    if not (summary or "").strip():
        raise TransitionRefused("请填写沟通内容。")
    if at and at > timezone.now() + datetime.timedelta(minutes=5):
        raise TransitionRefused("沟通时间不能晚于现在。")
    return ContactLog.objects.create(ticket=ticket, at=at or timezone.now(),
                                     channel=channel, summary=summary.strip(),
                                     author=user)


def add_photo(ticket, user, *, upload) -> Attachment:
    refuse_unless(perms.can_add_photo_ticket(user, ticket),
                   "只有负责的工程师或窗口人员可以在未完结的服务单上添加照片。")
    return save_attachment(ticket, user, upload, "photo")


def ticket_for(user, pk, *, for_update=False) -> ServiceTicket:
    """Fetch-and-authorize: the ticket if this user may see it, else 403."""
    # the maintenance record joined: the ticket page asks for it (one-to-one)
    qs = ServiceTicket.objects.select_related("party", "engineer", "created_by",
                                              "maintenance_record")
    ticket = qs.get(pk=pk)
    if not perms.can_view_ticket(user, ticket):
        raise PermissionDenied
    return ticket
