"""The engineer's tablet: 我的任务 by deadline, the ticket with big buttons, the
signature pad on resolve, the maintenance record signed by both sides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from servicecenter.deadlines import running_time_left
from servicecenter.paging import TABLET_PAGE, bounded_page
from servicecenter.roles import ENGINEER, has_role
from servicecenter.transitions import TransitionError

from . import maintenance
from .forms import MaintenanceRecordForm, PhotoForm
from .permissions import can_record_maintenance_ticket
from .queries import my_tasks
from .views import _ticket_or_404, action_links, ticket_context


def my_tickets(request):
    if not has_role(request.user, ENGINEER):
        raise PermissionDenied
    context = bounded_page(request, my_tasks(request.user), TABLET_PAGE, total=True)
    context["rows"] = [(t, running_time_left(t)) for t in context["rows"]]
    return render(request, "tickets/tablet_list.html", context)


def tablet_detail(request, pk):
    ticket = _ticket_or_404(request.user, pk)
    context = ticket_context(ticket, request.user)
    context["actions"] = action_links(ticket, request.user, tablet=True)
    context["photo_form"] = PhotoForm()
    return render(request, "tickets/tablet_detail.html", context)


def maintenance_record(request, pk):
    ticket = _ticket_or_404(request.user, pk)
    if not can_record_maintenance_ticket(request.user, ticket):
        messages.error(request,
                       "只有负责的工程师在处理中的定期维护单上可以填写维护记录。")
        return redirect("tickets:tablet_detail", pk=ticket.pk)
    form = MaintenanceRecordForm(request.POST or None, initial={
        "checklist": "\n".join(f"{item}：正常" for item in
                               ticket.maintenance_plan.content_items())
        if ticket.maintenance_plan else "",
        "customer_name": ticket.contact_name})
    if request.method == "POST" and form.is_valid():
        try:
            record = maintenance.record_maintenance(ticket, request.user,
                                                    **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            note = (f"，未排除的问题已转专题服务单 {record.special_ticket.number}"
                    if record.special_ticket else "")
            messages.success(request, f"系统维护记录表已保存{note}。")
            return redirect("tickets:tablet_detail", pk=ticket.pk)
    return render(request, "tickets/maintenance_record_form.html", {
        "ticket": ticket, "form": form, "draft_key": f"ticket-{ticket.pk}-maintenance"})
