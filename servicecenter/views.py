from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import once, registry
from . import tables as t
from .forms import PartyForm, PartySearchForm, search_parties
from .models import Party
from .paging import WORKQUEUE_PAGE, bounded_page
from .permissions import can_edit_party, can_view_party
from .roles import ENGINEER, user_roles


def queue_counts(user) -> list[dict]:
    """Every app's counts; those given as querysets are counted in one query."""
    from .workqueue import count_all

    counts = []
    for provider in registry.queue_counts:
        counts.extend(provider(user))
    pending = [c for c in counts if isinstance(c["count"], QuerySet | list)]
    for row, number in zip(pending, count_all([c["count"] for c in pending]),
                           strict=True):
        row["count"] = number
    return counts


def _due(item) -> str:
    """The 期限 cell of 工作台: the due time, marked when overdue or due today."""
    if not item.due:
        return t.DASH
    due = t.when(item.due, "%m-%d %H:%M")
    if item.overdue:
        return f'<span class="overdue">{due} 已超期</span>'
    return f"<span>{due}{' 今日到期' if item.due_today else ''}</span>"


def _workqueue_table(items):
    """工作台's merged list (``servicecenter.workqueue.WorkItem`` rows)."""
    columns = [
        t.Column("期限", _due),
        t.Column("类别", lambda i: t.esc(i.category)),
        t.Column("编号", lambda i: t.link(i.url, i.number, "row-link")),
        t.Column("事项", lambda i: t.truncate(i.summary, 40)),
        t.Column("状态", lambda i: t.state(t.esc(i.state))),
        t.Column("待办", lambda i: t.esc(i.reason)),
    ]
    return t.Table(columns, items, "暂无待办事项。", css="list workqueue",
                   row_css=lambda i: "is-overdue" if i.overdue else "")


def home(request):
    """工作台: what this user must act on now, across the apps, by deadline."""
    from . import workqueue

    tablet = user_roles(request.user) == {ENGINEER}
    template = "servicecenter/home_tablet.html" if tablet else "servicecenter/home.html"
    items = workqueue.items_for(request.user)
    counts = workqueue.cached(request.user, "counts",
                              lambda: queue_counts(request.user))
    page = bounded_page(request, items, WORKQUEUE_PAGE)  # the cached list, sliced
    page["table"] = _workqueue_table(page.pop("rows"))
    return render(request, template, {
        **page, "counts": counts, "summary": workqueue.summary(items),
    })


def _party_or_403(request, pk):
    party = get_object_or_404(Party, pk=pk)
    if not can_view_party(request.user, party):
        raise PermissionDenied
    return party


def party_search(request):
    if not can_view_party(request.user):
        raise PermissionDenied
    form = PartySearchForm(request.GET or None)
    results = search_parties(form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "servicecenter/party_search.html",
                  {"form": form, "results": results})


def party_lookup(request):
    """JSON for the intake forms: parties matching a phone, ID number or name."""
    if not can_view_party(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").replace("\x00", "")[:60]
    rows = [
        {"id": p.pk, "name": p.name, "phone": p.phone, "village": p.village,
         "id_number": p.id_number_for(request.user)}
        for p in search_parties(q, limit=10)
    ]
    return JsonResponse({"results": rows})


def party_detail(request, pk):
    party = _party_or_403(request, pk)
    sections = [fn(party, request.user) for fn in registry.party_sections]
    return render(request, "servicecenter/party_detail.html", {
        "party": party,
        "id_number": party.id_number_for(request.user),
        "sections": [s for s in sections if s],
        "can_edit": can_edit_party(request.user, party),
    })


def party_pdf(request, pk):
    """群众/客户档案卡: the party and every record, as the user may see them."""
    from django.http import HttpResponse

    from .pdf import render_pdf

    party = _party_or_403(request, pk)
    sections = [fn(party, request.user) for fn in registry.party_sections]
    pdf = render_pdf("pdf/party_card.html", {
        "title": "群众/客户档案卡", "number": f"P{party.pk:06d}", "party": party,
        "id_number": party.id_number_for(request.user),
        "sections": [s for s in sections if s],
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="party-{party.pk}.pdf"'
    return response


def _party_url(party) -> str:
    return reverse("party_detail", args=[party.pk])


def party_edit(request, pk=None):
    party = _party_or_403(request, pk) if pk else None
    if not can_edit_party(request.user, party):
        raise PermissionDenied
    if party is None and (replayed := once.replay(request, _party_url)):
        return replayed
    form = PartyForm(request.POST or None, instance=party)
    if request.method == "POST" and form.is_valid():
        if party is not None:
            party = form.save()
        else:
            party, created = once.create_once(request, form.save)
            if not created:
                return once.replayed(request, _party_url(party))
        messages.success(request, f"档案「{party.name}」已保存。")
        return redirect("party_detail", pk=party.pk)
    return render(request, "servicecenter/party_form.html",
                  {"form": form, "party": party})


def notifications(request):
    """The bell: the user's notices, newest first, a page at a time."""
    from .models import Notification
    from .notify import mark_read

    if request.method == "POST":
        ids = request.POST.getlist("id") or None
        mark_read(request.user, [int(i) for i in ids if i.isdecimal() and len(i) < 19]
                  if ids else None)
        return redirect("notifications")
    # a notice sent before the record was hidden from this user (a handler replaced)
    # no longer names it
    notices = registry.visible_attached(
        Notification.objects.filter(recipient=request.user), request.user).order_by(
        "-created_at", "-id")
    return render(request, "servicecenter/notifications.html",
                  bounded_page(request, notices, 30))


def _check(probe) -> str:
    try:
        probe()
        return "ok"
    except Exception:  # noqa: BLE001 - a health check reports, never raises
        return "error"


def _probe_database():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _probe_cache():
    from django.core.cache import cache

    cache.set("healthz", "1", 10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value")


def _probe_broker():
    from .celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@login_not_required
def healthz(request):
    """Database, cache and broker status for load balancers: no login, no data."""
    from django.conf import settings

    status = {"database": _check(_probe_database), "cache": _check(_probe_cache)}
    status["broker"] = (_check(_probe_broker) if settings.CELERY_BROKER_URL
                        else "disabled")
    healthy = all(v in ("ok", "disabled") for v in status.values())
    return JsonResponse(status, status=200 if healthy else 503)
