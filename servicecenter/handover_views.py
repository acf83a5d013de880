"""Pages of 转交 (hand over, accept, refuse, withdraw) and 来电/来访登记."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import enquiries, handover, once, registry
from .handover_forms import EnquiryForm, HandoverForm, RefuseForm
from .handover_models import Handover
from .paging import bounded_page
from .transitions import TransitionError


def _record_or_404(request, model_label: str, pk: int):
    """An intake record this user may view (an unknown model or hidden record: 404)."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if registry.handover_spec(model) is None:
        raise Http404
    visible = registry.visible(model, request.user)
    if visible is None:
        raise Http404
    return get_object_or_404(visible, pk=pk)


def _handover_or_404(request, pk: int):
    """A handover whose record this user may view."""
    item = get_object_or_404(Handover, pk=pk)
    record = item.record
    if record is None or not registry.may_view(request.user, record):
        raise Http404
    return item, record


def _to_record(record):
    return redirect(handover.record_url(record))


def handover_create(request, model, pk):
    record = _record_or_404(request, model, pk)
    back = handover.record_url(record)
    if not handover.can_hand_over(request.user, record):
        messages.error(request, handover.NOT_HOLDER)
        return redirect(back)
    if replayed := once.replay(request, lambda h: handover.record_url(h.record)):
        return replayed
    form = HandoverForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item, created = once.create_once(request, lambda: handover.hand_over(
                record, request.user, **form.cleaned_data))
        except TransitionError as exc:
            form.add_error(None, exc.message)
        else:
            if not created:
                return once.replayed(request, back)
            messages.success(request, f"已转交给{item.target_label}，待对方接收。")
            return redirect(back)
    return render(request, "servicecenter/handover_form.html", {
        "record": record, "form": form, "back": back,
        "label": registry.handover_spec(record).label,
        "first_receiver": handover.first_receiver(record)})


@require_POST
def handover_accept(request, pk):
    item, record = _handover_or_404(request, pk)
    try:
        handover.accept_handover(item, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已接收转交，该事项现由您承办。")
    return _to_record(record)


def handover_refuse(request, pk):
    item, record = _handover_or_404(request, pk)
    if not handover.can_refuse_handover(request.user, item):
        messages.error(request, "该转交不是给您的，或已被处理。")
        return _to_record(record)
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handover.refuse_handover(item, request.user, form.cleaned_data["reason"])
        except TransitionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已退回转交。")
            return redirect("home")
    return render(request, "servicecenter/handover_refuse.html", {
        "record": record, "item": item, "form": form,
        "back": handover.record_url(record),
        "label": registry.handover_spec(record).label})


@require_POST
def handover_withdraw(request, pk):
    item, record = _handover_or_404(request, pk)
    try:
        handover.withdraw_handover(item, request.user)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回转交。")
    return _to_record(record)


# -- 来电/来访登记 ---------------------------------------------------------------------
def _enquiry_url(enquiry) -> str:
    return reverse("enquiry_detail", args=[enquiry.pk])


def enquiry_list(request):
    """The quick form on top, the recent entries below (search by phone)."""
    if not enquiries.can_log_enquiry(request.user):
        raise PermissionDenied
    if replayed := once.replay(request, lambda e: reverse("enquiry_list")):
        return replayed
    form = EnquiryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry, created = once.create_once(request, lambda: enquiries.log_enquiry(
            request.user, target=data["target"], case=data["case_number"],
            **{f: data[f] for f in EnquiryForm.Meta.fields}))
        if created:
            passed = f"，已转告{entry.target_label}" if entry.passed_on else ""
            messages.success(request, f"已登记：{entry.caller}{passed}。")
        return redirect("enquiry_list")
    phone = request.GET.get("phone", "").replace("\x00", "")[:20]
    page = bounded_page(request, enquiries.search(request.user, phone), 20)
    return render(request, "servicecenter/enquiry_list.html",
                  {**page, "form": form, "phone": phone})


def enquiry_detail(request, pk):
    entry = get_object_or_404(enquiries.visible_enquiries(request.user), pk=pk)
    return render(request, "servicecenter/enquiry_detail.html", {
        "entry": entry, "case_url": enquiries.case_url(entry)})

