"""The clerk's list, the leader's approval queue, the department's queue."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from servicecenter import tables as t
from servicecenter.forms import number_or_party
from servicecenter.models import Party
from servicecenter.paging import bounded_page
from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, has_role
from servicecenter.templatetags.deadlines import record_deadline

from .. import queries, services
from ..forms import ExtensionDecideForm, ListFilterForm
from ..models import Petition


def _party(p):
    name = t.esc(p.party.name)
    if p.is_group_visit:
        return f'{name} <span class="state">集体访{p.headcount}人</span>'
    return name


def _deadline(p):
    return record_deadline(p)


def _table(petitions, action=None, action_label=""):
    """The petitions as the lists show them; ``action`` adds a button to that URL."""
    detail = t.pk_url("petitions:detail")
    channel, category = t.labels(Petition, "channel"), t.labels(Petition, "category")
    state = t.labels(Petition, "state")
    columns = [
        t.Column("编号", lambda p: t.link(detail(p.pk), p.number)),
        t.Column("信访人", _party),
        t.Column("事由", lambda p: t.esc(p.subject)),
        t.Column("形式", lambda p: channel(p.channel)),
        t.Column("类别", lambda p: category(p.category)),
        t.Column("状态", lambda p: t.state(state(p.state))),
        t.Column("承办科室", lambda p: t.or_dash(p.department)),
        t.Column("收到时间", lambda p: t.when(p.received_at)),
        t.Column("当前期限", _deadline),
    ]
    if action:
        url = t.pk_url(action)
        columns.append(t.Column("操作",
                                lambda p: t.link(url(p.pk), action_label, "btn")))
    return t.Table(columns, petitions, "没有符合条件的信访事项。")


def _page(request, qs, by_ids=False, **action):
    context = bounded_page(request, qs, by_ids=by_ids)
    context["table"] = _table(context.pop("rows"), **action)
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
        **_page(request, qs.order_by("received_at", "id"), action="petitions:decide",
                action_label="审批"),
        "extensions": extensions})


def department_queue(request):
    """科室待办: accepted petitions to sign, and the ones this handler is handling."""
    if not has_role(request.user, HANDLER):
        raise PermissionDenied
    qs = queries.department_queue(request.user).select_related("party", "department")
    return render(request, "petitions/petition_department.html", {
        **_page(request, qs.order_by("due_at", "id"), by_ids=True,
                action="petitions:detail", action_label="办理")})


def repeats(request):
    """JSON for the registration form: possible repeats of this person or subject."""
    if not has_role(request.user, CLERK):
        raise PermissionDenied
    party = None
    if request.GET.get("party", "").isdecimal() and len(request.GET["party"]) < 19:
        party = get_object_or_404(Party, pk=request.GET["party"])
    found = services.possible_repeats(request.user, party,
                                      request.GET.get("subject", ""))
    return JsonResponse({"results": [
        {"number": p.number, "subject": p.subject, "state": p.get_state_display(),
         "received": p.received_at.date().isoformat(),
         "url": reverse("petitions:detail", args=[p.pk])} for p in found]})
