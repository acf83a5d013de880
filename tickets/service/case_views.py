"""Window pages for difficult cases (疑难案件)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from servicecenter import tables as t
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.timeline import Entry, build_timeline
from servicecenter.transitions import (
    TransitionError,
    available_transitions,
    form_refused,
)
from tickets.models import DifficultCase

from . import permissions as perms
from .actions import CASE_ACTIONS
from .cases import case_for


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
        a["url"] = reverse("tickets:case_act", args=[case.pk, a["name"]])
    source = case.source
    source_url = (reverse("tickets:detail", args=[source.pk])
                  if source is not None and source._meta.model_name == "serviceticket"
                  else "")
    return render(request, "tickets/difficultcase_detail.html", {
        "case": case, "escalations": escalations, "actions": actions,
        "criteria": case.criteria.all(), "source_url": source_url,
        "timeline": build_timeline(case, extra=extra)})


def case_act(request, pk, verb):
    case = _case_or_404(request.user, pk)
    action = CASE_ACTIONS.get(verb)
    if action is None:
        raise Http404
    detail = reverse("tickets:case_detail", args=[case.pk])
    if refused := form_refused(request, case, verb, detail):
        return refused
    form = action.form(request.POST or None, case=case, user=request.user,
                       initial={"expected_state": case.state})
    if request.method == "POST" and form.is_valid():
        try:
            action.run(case, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"疑难案件 {case.number} 已更新。")
            return redirect("tickets:case_detail", pk=case.pk)
    from servicecenter.transitions import transition_label

    return render(request, "tickets/difficultcase_action.html", {
        "case": case, "form": form, "label": transition_label(DifficultCase, verb)})
