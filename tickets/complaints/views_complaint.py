"""Complaint pages: queue, registration, record page with timeline, transitions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from servicecenter import once, registry
from servicecenter import tables as t
from servicecenter.deadlines import running_time_left
from servicecenter.forms import number_or_party
from servicecenter.models import Party
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.roles import CLERK, LEADER, MANAGER, has_role
from servicecenter.timeline import Entry, build_timeline
from servicecenter.transition_views import transition_view
from servicecenter.transitions import TransitionError, available_transitions

from ..models import Complaint
from . import permissions as perms
from . import services
from .forms import ComplaintRegisterForm
from .records import describe
from .verbs import VERBS

C = Complaint.State
QUEUES = {  # a queue of one state is named by the state
    "open": ("未办结", Complaint.clock.open_q()),
    C.REGISTERED: ("待受理", Q(state=C.REGISTERED)),
    C.ACCEPTED: ("处理中", Q(state=C.ACCEPTED)),
    C.HANDLED: ("待上报", Q(state=C.HANDLED)),
    C.REPORTED: ("待归档", Q(state=C.REPORTED)),
    "mine": ("我负责的", None),
    "all": ("全部", Q()),
}


def _complaint_or_403(request, pk):
    complaint = get_object_or_404(
        Complaint.objects.select_related("party", "responsible", "department"), pk=pk)
    if not perms.can_view_complaint(request.user, complaint):
        raise PermissionDenied
    return complaint


def _shown(record, user):
    """A linked record, if this user may view it (its model's rule)."""
    if record is None or registry.may_view(user, record) is False:
        return None
    return record


def _responsible(c):
    person = c.responsible
    return t.esc(display_name(person)) if person else "—"


def _due(c, now):
    if not c.clock.due(c):
        return "—"
    overdue = ' class="overdue"' if c.clock.is_overdue(c, now) else ""
    due = f"<span{overdue}>{t.when(c.due_at, '%m-%d %H:%M')}</span>"
    return due + (' <span class="provisional">暂定</span>' if c.due_provisional else "")


def _table(complaints):
    """The complaint queue as a table (``servicecenter.tables``)."""
    detail, now = t.pk_url("tickets:complaint_detail"), timezone.now()
    source, state = t.labels(Complaint, "source"), t.labels(Complaint, "state")
    columns = [
        t.Column("编号", lambda c: t.link(detail(c.pk), c.number)),
        t.Column("投诉人", lambda c: t.esc(c.party.name)),
        t.Column("事由", lambda c: t.esc(c.subject)),
        t.Column("来源", lambda c: source(c.source)),
        t.Column("状态", lambda c: t.state(state(c.state))),
        t.Column("责任人", _responsible),
        t.Column("收到时间", lambda c: t.when(c.received_at), css="nowrap"),
        t.Column("时限", lambda c: _due(c, now), css="nowrap"),
    ]
    return t.Table(columns, complaints, "没有符合条件的投诉。")


def complaint_list(request):
    if not perms.can_list_complaints(request.user):
        raise PermissionDenied
    sees_all = has_role(request.user, CLERK, MANAGER, LEADER)
    queue = request.GET.get("queue") or ("open" if sees_all else "mine")
    if queue not in QUEUES or (not sees_all and queue != "mine"):
        queue = "mine"
    condition = QUEUES[queue][1]
    qs = Complaint.objects.select_related("party", "responsible")
    if condition is None:
        qs = qs.filter(responsible=request.user, state=C.ACCEPTED)
    else:
        qs = qs.filter(condition)
    # PostgreSQL refuses NUL in a string; a search term is short anyway
    q = request.GET.get("q", "").replace("\x00", "").strip()[:60]
    if q:
        qs = qs.filter(number_or_party(q))
    page = bounded_page(request, qs.order_by("-id"))
    page["table"] = _table(page.pop("rows"))
    return render(request, "tickets/complaint_list.html", {
        **page, "queue": queue, "q": q,
        "can_register": perms.can_register_complaint(request.user),
        "queues": [(k, v[0]) for k, v in QUEUES.items() if sees_all or k == "mine"],
    })


def complaint_create(request):
    if not perms.can_register_complaint(request.user):
        raise PermissionDenied
    initial = {"party_id": request.GET.get("party"),
               "related_ct": request.GET.get("ct"),
               "related_id": request.GET.get("id"),
               "source": request.GET.get("source", "hotline")}
    if replayed := once.replay(request, lambda c: c.get_absolute_url()):
        return replayed
    form = ComplaintRegisterForm(request.POST or None, initial=initial,
                                 user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            complaint, created = once.create_once(
                request, lambda: services.register_complaint(
                    request.user, source=d["source"], party=form.party,
                    subject=d["subject"], content=d["content"],
                    received_at=d.get("received_at"), related=form.related))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            if not created:
                return once.replayed(request, complaint.get_absolute_url())
            messages.success(request, f"投诉 {complaint.number} 已登记。")
            return redirect("tickets:complaint_detail", pk=complaint.pk)
    party_pk = form["party_id"].value()
    party = (Party.objects.filter(pk=party_pk).first()
             if str(party_pk or "").isdecimal() and len(str(party_pk)) < 19 else None)
    return render(request, "tickets/complaint_form.html",
                  {"form": form, "party": party})


def complaint_detail(request, pk):
    complaint = _complaint_or_403(request, pk)
    followup = services.complaint_followup(complaint)
    extra = []
    if followup:
        extra = [Entry(a.at, display_name(a.caller),
                       "回访" + ("接通" if a.reached else "未接通"),
                       f"{followup.number} {a.band} {a.notes}".strip(), "log",
                       url=followup.get_absolute_url())
                 for a in followup.attempts.select_related("caller")]
    actions = available_transitions(complaint, request.user)
    for a in actions:
        a["url"] = reverse(f"tickets:complaint_{a['name']}", args=[complaint.pk])
    return render(request, "tickets/complaint_detail.html", {
        "c": complaint, "actions": actions, "followup": followup,
        "related": describe(_shown(complaint.related, request.user)),
        "origin": describe(complaint.source_revisit),
        "timeline": build_timeline(complaint, extra=extra),
        "deadline": (running_time_left(complaint) if complaint.clock.due(complaint)
                     else None),
    })


def complaint_transition(request, pk, verb):
    complaint = _complaint_or_403(request, pk)
    return transition_view(
        request, complaint, VERBS[verb], template="tickets/complaint_action.html",
        back=complaint.get_absolute_url(), context={"c": complaint})


def complaint_pdf(request, pk):
    """客户投诉处理单, as issued (servicecenter.pdf.IssuedDocument)."""
    from .pdf import complaint_document

    complaint = _complaint_or_403(request, pk)
    doc = complaint_document(complaint, request.user)
    return FileResponse(doc.file.open("rb"), content_type="application/pdf",
                        filename=f"{complaint.number}.pdf", as_attachment=False)
