"""Window pages for difficult cases (疑难案件)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from servicecenter import tables as t
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.timeline import Entry, build_timeline
from servicecenter.transition_views import transition_view
from servicecenter.transitions import available_transitions
from tickets.models import DifficultCase

from . import permissions as perms
from .cases import case_for
from .verbs import CASE_VERBS


def _case_or_404(user, pk):
    try:
        return case_for(user, pk)
    except DifficultCase.DoesNotExist:
        raise Http404 from None


def _table(cases):
    """The difficult cases as a table (``servicecenter.tables``)."""
    detail, state = t.pk_url("tickets:case_detail"), t.labels(DifficultCase, "state")
    columns = [
        t.Column("编号", lambda c: t.link(detail(c.pk), c.number)),
        t.Column("标题", lambda c: t.esc(c.title)),
        t.Column("来源", lambda c: t.or_dash(c.source_number)),
        t.Column("负责人", lambda c: t.or_dash(c.handler_name)),
        t.Column("层级", lambda c: t.esc(c.level)),
        t.Column("状态", lambda c: t.state(state(c.state))),
        t.Column("提请时间", lambda c: t.when(c.created_at, "%Y-%m-%d")),
    ]
    return t.Table(columns, cases, "暂无疑难案件。")


def case_list(request):
    if not perms.can_view_difficultcase(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    qs = DifficultCase.objects.select_related("handler", "proposed_by").order_by("-id")
    if state in DifficultCase.State.values:
        qs = qs.filter(state=state)
    page = bounded_page(request, qs)
    page["table"] = _table(page.pop("rows"))
    return render(request, "tickets/difficultcase_list.html", {
        **page, "states": DifficultCase.State.choices,
        "state": state})


def case_detail(request, pk):
    case = _case_or_404(request.user, pk)
    escalations = list(case.escalations.select_related("to_user", "decided_by"))
    extra = [Entry(e.decided_at, display_name(e.decided_by), f"第{e.level}级决定",
                   e.decision, "log") for e in escalations if e.decided_at]
    actions = available_transitions(case, request.user)
    for a in actions:
        a["url"] = reverse(f"tickets:case_{a['name']}", args=[case.pk])
    source = case.source
    source_url = (reverse("tickets:detail", args=[source.pk])
                  if source is not None and source._meta.model_name == "serviceticket"
                  else "")
    return render(request, "tickets/difficultcase_detail.html", {
        "case": case, "escalations": escalations, "actions": actions,
        "criteria": case.criteria.all(), "source_url": source_url,
        "timeline": build_timeline(case, extra=extra)})


def case_transition(request, pk, verb):
    case = _case_or_404(request.user, pk)
    return transition_view(
        request, case, CASE_VERBS[verb], template="tickets/difficultcase_action.html",
        back=reverse("tickets:case_detail", args=[case.pk]), context={"case": case},
    )
