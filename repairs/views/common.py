from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from servicecenter.people import display_name
from servicecenter.roles import ENGINEER, user_roles
from servicecenter.timeline import Entry, build_timeline
from servicecenter.transitions import available_transitions, blocked_transitions

from ..models import RepairOrder
from ..permissions import can_view_repair


def order_or_403(request, pk) -> RepairOrder:
    order = get_object_or_404(
        RepairOrder.objects.select_related("party", "engineer", "received_by",
                                           "current_vendor"), pk=pk)
    if not can_view_repair(request.user, order):
        raise PermissionDenied
    return order


def on_tablet(user) -> bool:
    return user_roles(user) == {ENGINEER}


def base_template(user) -> str:
    return "base_tablet.html" if on_tablet(user) else "base.html"


def actions(order, user) -> list[dict]:
    return [{**a, "url": reverse(f"repairs:{a['name']}", args=[order.pk])}
            for a in available_transitions(order, user)]


def blocked(order, user) -> list[dict]:
    """The actions this user would expect here but cannot run yet, with what is
    missing (from the transitions' conditions): the bench and the window say it."""
    return blocked_transitions(order, user)


def timeline(order, dispatches, entries):
    extra = [Entry(e.at, display_name(e.engineer), "维修过程记录",
                   e.action + (f"（{e.part_name}：{e.old_serial}→{e.new_serial}）"
                               if e.part_name else ""), "log")
             for e in entries]
    for d in dispatches:
        extra += [Entry(d.created_at, display_name(d.sent_by),
                        f"送修 {d.vendor.name}", f"取机凭据 {d.receipt_no}", "log")]
        for f in d.followups.all():
            extra.append(Entry(f.created_at, display_name(f.by),
                               "送修跟进", f"{f.contact}：{f.answer}", "log"))
    return build_timeline(order, extra=extra)
