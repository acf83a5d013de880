"""Follow-up call pages: today's call list, the call screen, cancel, bulk plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from servicecenter import tables as t
from servicecenter.forms import search_parties
from servicecenter.models import Party
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.timeline import Entry, build_timeline
from servicecenter.transitions import TransitionError, available_transitions

from .. import followups
from ..models import Revisit, RevisitQuestion
from . import permissions as perms
from .forms import CallForm, CancelForm, PlanForm
from .records import describe

LISTS = {
    "due": "今日应回访",
    "retry": "待再次回访",
    "overdue": "已超期",
    "upcoming": "尚未到期",
    "done": "已结束",
}


def call_list_filter(name: str, today, band: str) -> Q:
    """The clerk's lists: first calls due now, retries callable in this time band
    (a different one from the last attempt), calls past their window."""
    scheduled = Q(state=Revisit.State.SCHEDULED)
    in_window = Q(window_start__lte=today, window_end__gte=today)
    return {
        "due": scheduled & in_window & Q(attempts_count=0),
        "retry": scheduled & Q(attempts_count__gt=0, window_end__gte=today)
        & ~Q(last_band=band),
        "overdue": scheduled & Q(window_end__lt=today),
        "upcoming": scheduled & Q(window_start__gt=today),
        "done": ~scheduled,
    }[name]


def _window(r):
    window = f"{t.when(r.window_start, '%m-%d')}～{t.when(r.window_end, '%m-%d')}"
    return window + (' <span class="provisional">暂定</span>'
                     if r.window_provisional else "")


def _table(revisits):
    """A call list as a table (``servicecenter.tables``)."""
    call = t.pk_url("tickets:revisit_call")
    kind, state = t.labels(Revisit, "kind"), t.labels(Revisit, "state")
    rating = t.labels(Revisit, "rating")
    columns = [
        t.Column("编号", lambda r: t.esc(r.number)),
        t.Column("客户", lambda r: t.esc(r.party.name)),
        t.Column("电话", lambda r: t.esc(r.party.phone), css="nowrap"),
        t.Column("类型", lambda r: kind(r.kind)),
        t.Column("回访期限", _window,
                 css=lambda r: "nowrap overdue" if r.is_overdue else "nowrap"),
        t.Column("已拨打", lambda r: f"{r.attempts_count} / {r.max_attempts}"),
        t.Column("上次时段", lambda r: t.or_dash(r.last_band)),
        t.Column("状态", lambda r: t.state(state(r.state))
                 + (f" {rating(r.rating)}" if r.rating else "")),
        t.Column("", lambda r: t.link(call(r.pk), "拨打" if r.is_pending else "查看",
                                      "btn")),
    ]
    return t.Table(columns, revisits, "该列表暂无回访。")


def revisit_list(request):
    if not perms.can_view_revisit(request.user):
        raise PermissionDenied
    today, band = timezone.localdate(), followups.time_band(timezone.now())
    current = request.GET.get("list", "due")
    current = current if current in LISTS else "due"
    order = "-completed_at" if current == "done" else "window_end"
    qs = (Revisit.objects.filter(call_list_filter(current, today, band))
          .select_related("party", "engineer", "record_type").order_by(order, "id"))
    # capped counts walk the (state, window_end, id) index: the model's default
    # window_start order sorted the matches, unordered the planner seq-scanned
    counts = {k: Revisit.objects.filter(call_list_filter(k, today, band))
              .order_by("window_end", "id")[:1000].count()
              for k in ("due", "retry", "overdue")}
    page = bounded_page(request, qs)
    page["table"] = _table(page.pop("rows"))
    return render(request, "tickets/revisit_list.html", {
        **page,
        "lists": [(k, label, counts.get(k)) for k, label in LISTS.items()],
        "current": current, "band": band,
        "today": today, "can_plan": perms.can_plan_revisits(request.user),
    })


def _revisit_or_403(request, pk):
    revisit = get_object_or_404(
        Revisit.objects.select_related("party", "engineer", "department"), pk=pk)
    if not perms.can_view_revisit(request.user, revisit):
        raise PermissionDenied
    return revisit


def _questions(revisit):
    return RevisitQuestion.objects.filter(kind=revisit.kind, is_active=True)


def revisit_call(request, pk):
    """The call screen: customer, record, script; one submit records the attempt."""
    revisit = _revisit_or_403(request, pk)
    can_call = (revisit.state == Revisit.State.SCHEDULED
                and perms.can_complete_revisit(request.user, revisit))
    form = CallForm(request.POST or None, questions=_questions(revisit),
                    initial={"expected_state": revisit.state})
    if request.method == "POST":
        # a clerk who may call posts on a call another clerk has just recorded:
        # the form's expected_state answers that with a message, not a 403
        if not perms.can_complete_revisit(request.user, revisit):
            raise PermissionDenied
        if form.is_valid():
            return _record_call(request, revisit, form)
    actions = [dict(a, url=f"{revisit.get_absolute_url()}{a['name']}/")
               for a in available_transitions(revisit, request.user)]
    extra = [Entry(a.at, display_name(a.caller),
                   "接通" if a.reached else "未接通", f"{a.band} {a.notes}".strip(),
                   "log")
             for a in revisit.attempts.select_related("caller")]
    complaints = revisit.party.complaints.order_by("-id")[:5]
    return render(request, "tickets/revisit_call.html", {
        "r": revisit, "form": form, "can_call": can_call, "actions": actions,
        "record": describe(revisit.record), "band": followups.time_band(timezone.now()),
        "timeline": build_timeline(revisit, extra=extra), "complaints": complaints,
        "bad_complaint": getattr(revisit, "bad_rating_complaint", None),
        "id_number": revisit.party.id_number_for(request.user),
    })


def _record_call(request, revisit, form):
    d = form.cleaned_data
    try:
        saved = followups.record_attempt(
            revisit, request.user, reached=d["reached"], rating=d.get("rating"),
            answers=form.answers() if d["reached"] else [], notes=d.get("notes", ""),
            expected_state=d["expected_state"])
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(revisit)
    if saved.state == Revisit.State.COMPLETED:
        complaint = getattr(saved, "bad_rating_complaint", None)
        text = f"回访 {saved.number} 已完成。"
        if complaint:
            text += f"差评已自动立案：投诉 {complaint.number}。"
        messages.success(request, text)
    elif saved.state == Revisit.State.UNREACHABLE:
        messages.warning(request,
                         f"已拨打 {saved.attempts_count} 次未接通，记为无法联系。")
    else:
        messages.info(request, f"未接通，已记录（第 {saved.attempts_count} 次）。"
                               f"请在{saved.last_band}以外的时段再次回访。")
    return redirect("tickets:revisit_list")


def revisit_cancel(request, pk):
    revisit = _revisit_or_403(request, pk)
    if not perms.can_cancel_revisit(request.user, revisit):
        raise PermissionDenied
    form = CancelForm(request.POST or None, initial={"expected_state": revisit.state})
    if request.method == "POST" and form.is_valid():
        try:
            followups.cancel_revisit(revisit, request.user,
                                     reason=form.cleaned_data["reason"],
                                     expected_state=form.cleaned_data["expected_state"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"回访 {revisit.number} 已取消。")
        return redirect(revisit)
    return render(request, "tickets/revisit_cancel.html", {"r": revisit, "form": form})


def revisit_plan(request):
    """A manager picks customers (search by village, name or phone) for care calls."""
    if not perms.can_plan_revisits(request.user):
        raise PermissionDenied
    # PostgreSQL refuses NUL in a string; search terms are short anyway
    q = request.GET.get("q", "").replace("\x00", "").strip()[:60]
    village = request.GET.get("village", "").replace("\x00", "").strip()[:60]
    candidates = search_parties(q) if q else Party.objects.none()
    if village:
        candidates = Party.objects.filter(village=village).order_by("name", "id")[:200]
    # on a POST, the ticked customers only: a refused plan re-renders them
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("parties")
               if i.isdecimal() and len(i) < 19]
        posted = Party.objects.filter(pk__in=ids[:200]).order_by("name", "id")
    else:
        posted = candidates
    form = PlanForm(request.POST or None, candidates=posted)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = followups.plan_revisits(list(d["parties"]), request.user,
                                              start=d["start"], end=d["end"],
                                              note=d["note"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已安排 {len(created)} 个回访"
                             f"（已有待回访的客户不重复安排）。")
            return redirect("tickets:revisit_list")
    return render(request, "tickets/revisit_plan.html",
                  {"form": form, "q": q, "village": village})


def revisit_pdf(request, pk):
    from .pdf import revisit_pdf as render_revisit

    revisit = _revisit_or_403(request, pk)
    response = HttpResponse(render_revisit(revisit, request.user),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{revisit.number}.pdf"'
    return response
