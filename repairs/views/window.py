"""The clerk's pages: queue, intake, order page, transition forms, documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from servicecenter import once
from servicecenter import tables as t
from servicecenter.deadlines import running_time_left
from servicecenter.forms import PartyForm
from servicecenter.models import Party
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.templatetags.deadlines import record_deadline
from servicecenter.transition_views import transition_view
from servicecenter.transitions import TransitionError

from .. import pdf, queries, services
from ..forms import IntakeForm, ListFilterForm
from ..models import ExternalDispatch, RepairLogEntry, RepairOrder
from ..permissions import can_receive_repair, can_view_repair
from ..verbs import VERBS
from .common import actions, base_template, blocked, order_or_403, timeline


def order_deadline(o) -> str:
    """The 时限 cell of the repair lists: the deadline badge, paused or not."""
    return record_deadline(o)


def _engineer(o) -> str:
    return t.or_dash(display_name(o.engineer) if o.engineer_id else "")


def _vendor(o) -> str:
    return t.or_dash(o.current_vendor.name if o.current_vendor_id else "")


def _table(orders):
    """The orders as the clerk's list shows them."""
    detail = t.pk_url("repairs:detail")
    state = t.labels(RepairOrder, "state")
    columns = [
        t.Column("编号", lambda o: t.link(detail(o.pk), o.number)),
        t.Column("客户", lambda o: t.esc(o.party.name)),
        t.Column("设备", lambda o: t.esc(o.device_label)),
        t.Column("状态", lambda o: t.state(state(o.state))),
        t.Column("工程师", _engineer),
        t.Column("外修单位", _vendor),
        t.Column("接收", lambda o: t.when(o.received_at, "%m-%d %H:%M")),
        t.Column("时限", order_deadline),
    ]
    return t.Table(columns, orders, "没有符合条件的维修单。")


def order_list(request):
    """维修 queue for the clerk (filters: state, engineer, vendor, overdue,
    follow-up)."""
    if not can_view_repair(request.user):
        raise PermissionDenied
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    context = bounded_page(request, queries.filtered(data))
    context["table"] = _table(context.pop("rows"))
    return render(request, "repairs/repairorder_list.html", {
        **context, "form": form, "can_receive": can_receive_repair(request.user),
    })


def _party_for_intake(request, form, party_form):
    party_id = form.cleaned_data.get("party_id")
    if party_id:
        return Party.objects.get(pk=party_id)
    if party_form.is_valid():
        return party_form.save(commit=False)
    return None


def intake(request):
    """Intake at the window: find or create the customer, check the device, print."""
    if not can_receive_repair(request.user):
        raise PermissionDenied
    if replayed := once.replay(request, lambda o: o.get_absolute_url()):
        return replayed
    form = IntakeForm(request.POST or None)
    party_form = PartyForm(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid():
        party = _party_for_intake(request, form, party_form)
        if party is None and party_form.left_blank():
            messages.error(request, "请查询并选择客户，或填写新客户档案。")
        elif party is None:
            messages.error(request, "新客户档案有误，请按提示修改。")
        else:
            try:
                order, created = once.create_once(
                    request, lambda: services.receive_repair(
                        request.user, party, photos=request.FILES.getlist("photos"),
                        **form.cleaned_data_for_device()))
            except TransitionError as exc:
                messages.error(request, exc.message)
            else:
                if not created:
                    return once.replayed(request, order.get_absolute_url())
                messages.success(request, f"已接收 {order.number}，请打印回执交客户。")
                return redirect(f"{order.get_absolute_url()}?printed=1")
    return render(request, "repairs/repairorder_intake.html",
                  {"form": form, "party_form": party_form})


def detail(request, pk):
    order = order_or_403(request, pk)
    dispatches = list(order.dispatches.select_related("vendor", "sent_by")
                      .prefetch_related("followups__by"))
    # prefetched: the verbs' condition (has_process_entries) reads them, not the db
    prefetch_related_objects([order], Prefetch(
        "log_entries", queryset=RepairLogEntry.objects.select_related("engineer")))
    entries = list(order.log_entries.all())
    return render(request, "repairs/repairorder_detail.html", {
        "order": order, "base": base_template(request.user),
        "actions": actions(order, request.user), "dispatches": dispatches,
        "blocked": blocked(order, request.user),
        "entries": entries, "deadline": running_time_left(order),
        "timeline": timeline(order, dispatches, entries),
        "photos": pdf.intake_photos(order), "printed": request.GET.get("printed"),
        "today": timezone.localdate(),
    })


def transition(request, pk, verb):
    """The form for one transition; POST runs it through the service."""
    order = order_or_403(request, pk)
    return transition_view(
        request, order, VERBS[verb], template="repairs/repairorder_transition.html",
        back=order.get_absolute_url(),
        context={"order": order, "base": base_template(request.user)})


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _issued_response(doc):
    return FileResponse(doc.file.open("rb"), content_type="application/pdf",
                        filename=doc.file.name.rsplit("/", 1)[-1], as_attachment=False)


def receipt_pdf(request, pk):
    """维修服务单 with the intake receipt, as issued at intake."""
    order = order_or_403(request, pk)
    return _issued_response(pdf.receipt_document(order, request.user))


def pickup_pdf(request, pk):
    order = order_or_403(request, pk)
    if not order.signature:
        raise Http404("该单尚未取件签收。")
    return _issued_response(pdf.pickup_document(order, request.user))


def process_pdf(request, pk):
    order = order_or_403(request, pk)
    return _pdf_response(pdf.process_record_pdf(order), f"{order.number}-process.pdf")


def dispatch_pdf(request, pk):
    dispatch = get_object_or_404(ExternalDispatch.objects.select_related(
        "order__party", "vendor", "sent_by"), pk=pk)
    order_or_403(request, dispatch.order_id)
    return _pdf_response(pdf.handover_slip_pdf(dispatch),
                         f"{dispatch.order.number}-{dispatch.seq}-handover.pdf")
