"""The engineers' bench on the tablet: 我的维修, process record, photos, follow-ups."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicecenter import tables as t
from servicecenter.deadlines import running_time_left
from servicecenter.paging import TABLET_PAGE, bounded_page
from servicecenter.roles import ENGINEER, has_role
from servicecenter.transitions import TransitionError

from .. import pdf, queries, services
from ..forms import FollowUpForm, LogEntryForm, PhotoForm
from ..models import ExternalDispatch, RepairOrder
from ..permissions import can_add_log_entry_repair, can_add_photo_repair
from .common import actions, blocked, order_or_403
from .window import order_deadline


def _device(o) -> str:
    fault = t.truncate(o.fault_description, 30)
    return f'{t.esc(o.device_label)}<br><span class="muted">{fault}</span>'


def _table(orders):
    """The orders as 我的维修 shows them on the tablet."""
    bench = t.pk_url("repairs:bench_order")
    state = t.labels(RepairOrder, "state")
    columns = [
        t.Column("编号", lambda o: t.link(bench(o.pk), o.number, "row-link")),
        t.Column("设备", _device),
        t.Column("状态", lambda o: t.state(state(o.state))),
        t.Column("时限", order_deadline),
    ]
    return t.Table(columns, orders, "没有待处理的维修单。")


def bench_list(request):
    """我的维修: the open orders this engineer holds."""
    if not has_role(request.user, ENGINEER):
        raise PermissionDenied
    orders = queries.mine(request.user).select_related("party").order_by("due_at", "id")
    context = bounded_page(request, orders, TABLET_PAGE, total=True)
    context["table"] = _table(context.pop("rows"))
    return render(request, "repairs/bench_list.html", context)


def bench_order(request, pk):
    order = order_or_403(request, pk)
    return render(request, "repairs/bench_order.html", {
        "order": order, "actions": actions(order, request.user),
        "blocked": blocked(order, request.user),
        "entries": order.log_entries.select_related("engineer"),
        "deadline": running_time_left(order), "photos": pdf.intake_photos(order),
        "log_form": LogEntryForm() if can_add_log_entry_repair(request.user, order)
        else None,
        "photo_form": PhotoForm() if can_add_photo_repair(request.user, order)
        else None,
    })


def _back(request, order):
    return redirect("repairs:bench_order", pk=order.pk)


@require_POST
def log_entry(request, pk):
    order = order_or_403(request, pk)
    form = LogEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写维修操作。")
        return _back(request, order)
    try:
        services.add_log_entry(order, request.user, **form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已添加维修过程记录。")
    return _back(request, order)


@require_POST
def photo(request, pk):
    order = order_or_403(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择或拍摄一张照片。")
        return _back(request, order)
    try:
        services.add_photo(order, request.user, form.cleaned_data["photo"])
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "照片已上传。")
    return _back(request, order)


@require_POST
def dispatch_followup(request, pk):
    dispatch = get_object_or_404(ExternalDispatch, pk=pk)
    order = order_or_403(request, dispatch.order_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写跟进日期、联系对象和对方答复。")
    else:
        try:
            services.add_dispatch_followup(dispatch, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已记录送修跟进。")
    return redirect(order.get_absolute_url())
