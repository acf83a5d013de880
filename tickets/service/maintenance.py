"""Periodic maintenance (定期服务): the sweep that opens a visit ahead of each due
date, and the 系统维护记录表 signed by both sides."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from servicecenter.people import display_name
from servicecenter.transitions import TransitionRefused
from tickets.models import MaintenancePlan, MaintenanceRecord, ServiceTicket, Signature

from . import permissions as perms
from .services import _delete_files_on_rollback, create_ticket_as_system, save_signature


def due_plans(today: datetime.date):
    """Active plans whose next visit falls within their lead time."""
    plans = MaintenancePlan.objects.filter(is_active=True).select_related("party")
    return [p for p in plans.filter(next_due__lte=today + datetime.timedelta(days=60))
            if p.next_due - datetime.timedelta(days=p.lead_days) <= today]


def sweep(today: datetime.date | None = None) -> list[ServiceTicket]:
    """Create the onsite ticket for each due plan, once: the plan row is locked, the
    due date moves on, and a unique (plan, due date) pair stops any duplicate."""
    today = today or timezone.localdate()
    created = []
    for plan in due_plans(today):
        try:
            ticket = _open_visit(plan.pk, today)
        except IntegrityError:
            ticket = None  # another sweep got there first
        if ticket:
            created.append(ticket)
    return created


def _open_visit(plan_pk, today):
    with transaction.atomic():
        plan = MaintenancePlan.objects.select_for_update().get(pk=plan_pk)
        if plan.next_due - datetime.timedelta(days=plan.lead_days) > today:
            return None
        due = plan.next_due
        if ServiceTicket.objects.filter(maintenance_plan=plan,
                                        maintenance_due=due).exists():
            ticket = None
        else:
            ticket = create_ticket_as_system(
                party=plan.party, contact_name=plan.party.name,
                contact_phone=plan.party.phone or "—", kind=ServiceTicket.Kind.ONSITE,
                channel=ServiceTicket.Channel.MAINTENANCE, system=plan.system,
                problem=f"定期维护（{plan.system}），计划日期 {due:%Y-%m-%d}。\n"
                        f"维护内容：\n{plan.contents}",
                address=plan.party.address, maintenance_plan=plan, maintenance_due=due,
                remark=f"定期维护计划自动生成（计划日期 {due:%Y-%m-%d}）")
        plan.next_due = plan.following_due()
        plan._change_reason = "sweep"
        plan.save()
        return ticket


def record_maintenance(ticket, user, *, checklist, findings="", memo="",
                       customer_name, customer_signature, engineer_signature):
    """系统维护记录表 with both signatures; an unfixed problem (备忘录) becomes a
    special-service ticket linked to this one."""
    if not perms.can_record_maintenance_ticket(user, ticket):
        raise TransitionRefused(
            "只有负责的工程师在处理中的定期维护单上可以填写维护记录。")
    if MaintenanceRecord.objects.filter(ticket=ticket).exists():
        raise TransitionRefused("该服务单已有维护记录。")
    if not (checklist and customer_signature and engineer_signature):
        raise TransitionRefused("请填写维护项目及结果，并由客户和工程师双方签字。")
    signatures = []
    try:
        with transaction.atomic():
            record = MaintenanceRecord.objects.create(
                ticket=ticket, checklist=checklist, findings=findings, memo=memo,
                recorded_by=user)
            signatures.append(save_signature(record, user, role=Signature.Role.CUSTOMER,
                                             signer_name=customer_name,
                                             data_url=customer_signature))
            signatures.append(save_signature(
                record, user, role=Signature.Role.ENGINEER,
                signer_name=display_name(user),
                data_url=engineer_signature))
            if memo.strip():
                record.special_ticket = _special_ticket(ticket, memo)
                record.save(update_fields=["special_ticket"])
            return record
    except ValidationError as exc:
        _delete_files_on_rollback(signatures)
        raise TransitionRefused("；".join(exc.messages)) from exc
    except Exception:
        _delete_files_on_rollback(signatures)
        raise


def _special_ticket(ticket, memo):
    return create_ticket_as_system(
        party=ticket.party, contact_name=ticket.contact_name,
        contact_phone=ticket.contact_phone, kind=ServiceTicket.Kind.ONSITE,
        channel=ServiceTicket.Channel.SPECIAL, system=ticket.system,
        problem=f"专题服务（来自 {ticket.number} 系统维护备忘录）：\n{memo}",
        address=ticket.address, source_ticket=ticket,
        remark=f"由定期维护 {ticket.number} 的系统维护备忘录转入专题服务")
