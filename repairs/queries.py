"""Indexed querysets the queue, 工作台 and the sweep share."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from servicecenter.forms import number_or_party

from .models import ExternalDispatch, RepairOrder
from .models.order import PICKUP_STATES, State


def open_orders():
    return RepairOrder.objects.filter(RepairOrder.clock.open_q())


def overdue(qs=None, now=None):
    """Past the running deadline (not at a vendor); includes uncollected devices."""
    qs = open_orders() if qs is None else qs
    return qs.filter(RepairOrder.clock.overdue_q(now))


def followup_due_dispatches(today=None, qs=None):
    qs = ExternalDispatch.objects.all() if qs is None else qs
    return qs.filter(result=ExternalDispatch.Result.PENDING,
                     next_followup_on__lte=today or timezone.localdate())


def followup_due(qs=None, today=None):
    qs = open_orders() if qs is None else qs
    due = followup_due_dispatches(today).filter(order=OuterRef("pk"))
    return qs.filter(Exists(due))


def filtered(data: dict):
    qs = RepairOrder.objects.select_related("party", "engineer", "current_vendor")
    state = data.get("state")
    if state == "all":
        pass
    elif state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(RepairOrder.clock.open_q())
    if data.get("engineer"):
        qs = qs.filter(engineer=data["engineer"])
    if data.get("vendor"):
        qs = qs.filter(current_vendor=data["vendor"])
    if data.get("overdue"):
        qs = overdue(qs)
    if data.get("followup_due"):
        qs = followup_due(qs)
    if data.get("q"):
        q = data["q"].strip()
        qs = qs.filter(number_or_party(q, "serial_number"))
    return qs.order_by("-id")


def to_dispatch():
    return RepairOrder.objects.filter(state=State.AWAITING_DISPATCH)


def to_assign():
    return RepairOrder.objects.filter(state=State.RECEIVED)


def ready_for_pickup():
    return RepairOrder.objects.filter(state__in=PICKUP_STATES)


def mine(user):
    return open_orders().filter(engineer=user).exclude(state__in=PICKUP_STATES)



def visible_repairorders(user):
    """The one visibility rule for repair orders (``can_view_repair``)."""
    from .permissions import can_view_repair

    if can_view_repair(user):
        return RepairOrder.objects.all()
    return RepairOrder.objects.none()


def visible_dispatches(user):
    """An external dispatch is seen by whoever sees its repair order."""
    return ExternalDispatch.objects.filter(order__in=visible_repairorders(user))
