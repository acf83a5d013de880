"""Window pages for service tickets: intake, the clerk's queue, the ticket page and
its transition forms (the tablet reuses the transition view with its own template)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from servicecenter import once
from servicecenter import tables as t
from servicecenter.deadlines import running_time_left
from servicecenter.files import serve_file
from servicecenter.forms import PartyForm
from servicecenter.models import Attachment
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.templatetags.deadlines import record_deadline
from servicecenter.timeline import Entry, build_timeline
from servicecenter.transition_views import transition_view
from servicecenter.transitions import TransitionError, available_transitions
from tickets.models import ServiceTicket, Signature

from . import permissions as perms
from . import services
from .forms import ContactForm, PhotoForm, QueueFilterForm, TicketForm, party_for
from .queries import overdue_tickets
from .verbs import TICKET_VERBS


def _ticket_or_404(user, pk):
    try:
        return services.ticket_for(user, pk)
    except ServiceTicket.DoesNotExist:
        raise Http404 from None


def _filtered(form):
    qs = ServiceTicket.objects.select_related("party", "engineer")
    if not form.is_valid():
        return qs.order_by("-id")
    data = form.cleaned_data
    if data["overdue"]:
        qs = overdue_tickets().select_related("party", "engineer")
    for field in ("state", "kind", "engineer"):
        if data[field]:
            qs = qs.filter(**{field: data[field]})
    if data["date_from"]:
        qs = qs.filter(created_at__date__gte=data["date_from"])
    if data["date_to"]:
        qs = qs.filter(created_at__date__lte=data["date_to"])
    return qs.order_by("-id")


def _number(ticket, detail):
    number = t.link(detail(ticket.pk), ticket.number)
    return f'{number} <span class="badge">急</span>' if ticket.emergency else number


def _deadline(ticket):
    return record_deadline(ticket)


def _table(tickets):
    """The clerk's queue as a table (``servicecenter.tables``)."""
    detail = t.pk_url("tickets:detail")
    kind, channel = t.labels(ServiceTicket, "kind"), t.labels(ServiceTicket, "channel")
    state = t.labels(ServiceTicket, "state")
    muted = '<div class="muted">{}</div>'.format
    columns = [
        t.Column("编号", lambda x: _number(x, detail)),
        t.Column("客户", lambda x: t.esc(x.party.name) + muted(t.esc(x.contact_phone))),
        t.Column("方式", lambda x: kind(x.kind) + muted(channel(x.channel))),
        t.Column("问题", lambda x: t.truncate(x.problem, 40)),
        t.Column("工程师", lambda x: t.or_dash(x.engineer_name)),
        t.Column("状态", lambda x: t.state(state(x.state))),
        t.Column("期限", _deadline),
    ]
    return t.Table(columns, tickets, "没有符合条件的服务单。")


def ticket_list(request):
    """The clerk's queue; pages by fetching one row more than shown (no COUNT)."""
    if not perms.can_view_queue_ticket(request.user):
        if perms.can_view_ticket(request.user):
            return redirect("tickets:my")  # an engineer's queue is 我的任务
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    context = bounded_page(request, _filtered(form))
    context["table"] = _table(context.pop("rows"))
    return render(request, "tickets/serviceticket_list.html", {
        **context, "form": form,
        "can_create": perms.can_create_ticket(request.user),
    })


def ticket_create(request):
    if not perms.can_create_ticket(request.user):
        raise PermissionDenied
    if replayed := once.replay(request, _detail_url):
        return replayed
    form = TicketForm(request.POST or None)
    party_form = PartyForm(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid():
        try:
            ticket, created = once.create_once(
                request, lambda: _create(request, form, party_form))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            if ticket is None and party_form.left_blank():
                messages.error(request, "请先查询并选择客户，或填写新客户档案。")
            elif ticket is None:
                messages.error(request, "新客户档案有误，请按提示修改。")
            elif not created:
                return once.replayed(request, _detail_url(ticket))
            else:
                messages.success(request, f"服务单 {ticket.number} 已登记，请派工。")
                return redirect("tickets:detail", pk=ticket.pk)
    return render(request, "tickets/serviceticket_form.html",
                  {"form": form, "party_form": party_form})


def _create(request, form, party_form):
    """The ticket (and a new customer) from the valid form; None when no customer."""
    with transaction.atomic():
        party = party_for(form, party_form)
        if party is None:
            return None
        fields = {k: v for k, v in form.cleaned_data.items() if k != "party_id"}
        return services.create_ticket(request.user, party=party, **fields)


def _detail_url(ticket) -> str:
    return reverse("tickets:detail", args=[ticket.pk])


def action_links(ticket, user, tablet=False) -> list[dict]:
    prefix = "tickets:tablet_" if tablet else "tickets:"
    actions = available_transitions(ticket, user)
    for a in actions:
        a["url"] = reverse(prefix + a["name"], args=[ticket.pk])
    return actions


def ticket_context(ticket, user) -> dict:
    contacts = list(ticket.contacts.select_related("author"))
    extra = [Entry(c.created_at, display_name(c.author),
                   f"沟通记录（{c.get_channel_display()}）", c.summary, "log")
             for c in contacts]
    photos = Attachment.objects.filter(
        content_type__app_label="tickets", content_type__model="serviceticket",
        object_id=ticket.pk, kind="photo")
    return {
        "ticket": ticket, "deadline": running_time_left(ticket),
        "contacts": contacts, "parts": list(ticket.parts.all()),
        "photos": photos, "signatures": Signature.objects.filter(
            content_type__model="serviceticket", object_id=ticket.pk),
        "timeline": build_timeline(ticket, extra=extra),
        "can_log": perms.can_log_contact_ticket(user, ticket),
        "can_record_maintenance": (
            perms.can_record_maintenance_ticket(user, ticket)
            and not hasattr(ticket, "maintenance_record")),
        "maintenance_record": getattr(ticket, "maintenance_record", None),
    }


def ticket_detail(request, pk):
    ticket = _ticket_or_404(request.user, pk)
    context = ticket_context(ticket, request.user)
    context["actions"] = action_links(ticket, request.user)
    context["contact_form"] = ContactForm()
    return render(request, "tickets/serviceticket_detail.html", context)


def ticket_transition(request, pk, verb, tablet=False):
    """One verb on a ticket, at the window or (``tablet``) on the engineer's tablet."""
    ticket = _ticket_or_404(request.user, pk)
    detail = "tickets:tablet_detail" if tablet else "tickets:detail"
    return transition_view(
        request, ticket, TICKET_VERBS[verb],
        template=("tickets/tablet_action.html" if tablet
                  else "tickets/serviceticket_action.html"),
        back=reverse(detail, args=[ticket.pk]),
        context={"ticket": ticket, "deadline": running_time_left(ticket),
                 "draft_key": f"ticket-{ticket.pk}-{verb}"})


def log_contact(request, pk, tablet=False):
    ticket = _ticket_or_404(request.user, pk)
    detail = "tickets:tablet_detail" if tablet else "tickets:detail"
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_contact(ticket, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "沟通记录已保存。")
            return redirect(detail, pk=ticket.pk)
    template = ("tickets/tablet_contact.html" if tablet
                else "tickets/serviceticket_contact.html")
    return render(request, template, {"ticket": ticket, "form": form,
                                      "draft_key": f"ticket-{ticket.pk}-contact"})


def add_photo(request, pk, tablet=False):
    ticket = _ticket_or_404(request.user, pk)
    detail = "tickets:tablet_detail" if tablet else "tickets:detail"
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_photo(ticket, request.user, upload=form.cleaned_data["photo"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "照片已上传。")
            return redirect(detail, pk=ticket.pk)
    return render(request, "tickets/tablet_photo.html", {"ticket": ticket, "form": form,
                                                         "tablet": tablet})


def signature_image(request, pk):
    """A signature image, through the one file view (its record's visibility)."""
    return serve_file(request, "signature", pk)


def photo_file(request, pk):
    return serve_file(request, "attachment", pk)

