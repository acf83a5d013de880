"""Provisional repair deadlines recomputed once a year's calendar is confirmed
(registered in setup.py; servicecenter.recompute). Each is computed again from the
same stage and start as when it was set (``RepairOrder._set_due``)."""

from django.utils import timezone

from servicecenter import recompute, workdays
from servicecenter.deadlines import deadline_for
from servicecenter.workdays import Deadline

from .models import RepairOrder
from .models.order import State

DIAGNOSE = (State.RECEIVED, State.ASSIGNED, State.DIAGNOSING)
PICKUP = (State.READY, State.UNREPAIRABLE)


def _deadline(order: RepairOrder):
    if order.state in DIAGNOSE:
        return deadline_for("repair", "diagnose", order.received_at)
    if order.state in PICKUP and order.ready_at:
        return deadline_for("repair", "uncollected", order.ready_at)
    if order.diagnosed_at is None:
        return None
    deadline = deadline_for("repair", "repair", order.diagnosed_at)
    if not order.paused_workdays:
        return deadline
    # the working days the device spent at a vendor (``_resume_clock``)
    day = timezone.localtime(deadline.due).date()
    due_day = workdays.add_workdays(day, order.paused_workdays)
    provisional = deadline.provisional or not workdays.years_confirmed(day, due_day)
    return Deadline(workdays.end_of_day(due_day), provisional)


def recompute_repairs(year: int) -> int:
    changed = 0
    orders = RepairOrder.objects.filter(RepairOrder.clock.open_q())
    for order in recompute.provisional_from(orders, year):
        deadline = _deadline(order)
        changed += bool(deadline) and recompute.apply(order, deadline)
    return changed
