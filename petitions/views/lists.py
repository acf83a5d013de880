"""The clerk's list, the leader's approval queue, the department's queue."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from servicecenter.deadlines import time_left
from servicecenter.forms import number_or_party
from servicecenter.models import Party
from servicecenter.paging import bounded_page
from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, has_role

from .. import queries, services
from ..forms import ExtensionDecideForm, ListFilterForm
from ..models.choices import State



def _rows(petitions):
    return [{"p": p, "deadline": time_left(p.due_at) if p.is_open else None}
            for p in petitions]


def _page(request, qs, by_ids=False):
    context = bounded_page(request, qs, by_ids=by_ids)
    context["rows"] = _rows(context["rows"])
    return context


def _filter(qs, data):
    if data.get("q"):
        q = data["q"].strip()
        qs = qs.filter(number_or_party(q))
    for name in ("state", "channel", "department"):
        if data.get(name):
            qs = qs.filter(**{name: data[name]})
    if data.get("due") == "overdue":
        qs = queries.overdue(qs)
    elif data.get("due") == "soon":
        qs = queries.due_soon(qs)
    if data.get("date_from"):
        qs = qs.filter(received_at__date__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(received_at__date__lte=data["date_to"])
    return qs


def petition_list(request):
    """信访台账: the clerk's list (leaders, managers and handlers see their part)."""
    if not has_role(request.user, CLERK, LEADER, MANAGER, HANDLER):
        raise PermissionDenied
    form = ListFilterForm(request.GET or None)
    qs = queries.visible_to(request.user).select_related("party", "department")
    if form.is_valid():
        qs = _filter(qs, form.cleaned_data)
    context = _page(request, qs.order_by("-received_at", "-id"))
    return render(request, "petitions/petition_list.html", {
        "form": form, **context, "can_register": has_role(request.user, CLERK),
        "is_leader": has_role(request.user, LEADER),
        "is_handler": has_role(request.user, HANDLER)})


def approvals(request):
    """领导审批: registered petitions awaiting a decision, and extension requests."""
    if not has_role(request.user, LEADER):
        raise PermissionDenied
    qs = queries.approval_queue(request.user).select_related("party")
    extensions = [(e, ExtensionDecideForm(initial={"expected_state": e.state}))
                  for e in queries.pending_extensions(request.user)[:100]]
    return render(request, "petitions/petition_approvals.html", {
        **_page(request, qs.order_by("received_at", "id")), "extensions": extensions})


def department_queue(request):
    """科室待办: accepted petitions to sign, and the ones this handler is handling."""
    if not has_role(request.user, HANDLER):
        raise PermissionDenied
    qs = queries.department_queue(request.user).select_related("party", "department")
    return render(request, "petitions/petition_department.html", {
        **_page(request, qs.order_by("due_at", "id"), by_ids=True),
        "accepted": State.ACCEPTED})


def repeats(request):
    """JSON for the registration form: possible repeats of this person or subject."""
    if not has_role(request.user, CLERK):
        raise PermissionDenied
    party = None
    if request.GET.get("party", "").isdecimal() and len(request.GET["party"]) < 19:
        party = get_object_or_404(Party, pk=request.GET["party"])
    found = services.possible_repeats(request.user, party, request.GET.get("subject", ""))
    return JsonResponse({"results": [
        {"number": p.number, "subject": p.subject, "state": p.get_state_display(),
         "received": p.received_at.date().isoformat(),
         "url": reverse("petitions:detail", args=[p.pk])} for p in found]})
