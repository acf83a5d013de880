"""Levels (村 → 镇 → 县) on the pages: the record page's chain of stages (one query),
the town's incoming queue from the villages, the 村代办员's list of their village's
applications, and the stage's actions (纸质资料, 县级催办, 代办交接)."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_POST

from servicecenter import tables as t
from servicecenter.files import file_url
from servicecenter.models import Attachment
from servicecenter.people import display_name
from servicecenter.roles import CLERK, has_role
from servicecenter.transitions import TransitionError

from .. import permissions as p
from .. import services
from ..forms import ListFilterForm
from ..levels_forms import ChaseForm, HandoverForm
from ..models import AgencyHandover, ApplicationStage, CountyChase, State
from ..queries import visible_applications
from . import queries
from .record import application_or_403
from .window import _listing

USERS = ("received_by", "opinion_by", "sent_on_by", "paper_sent_by",
         "paper_received_by")


# --- the record page's panel ----------------------------------------------------
def _person(first, last, pk) -> str:
    if pk is None:
        return ""
    from django.contrib.auth import get_user_model

    return display_name(get_user_model()(pk=pk, first_name=first or "",
                                         last_name=last or ""))


def _json_rows(model, fields: dict, **filters):
    return ArraySubquery(model.objects.filter(**filters).order_by("pk").values(
        j=JSONObject(**fields)))


def _stages(app) -> list[ApplicationStage]:
    """The stages with their people, and (on PostgreSQL) their chases, hand-overs
    and documents as arrays: the whole panel in one query."""
    qs = ApplicationStage.objects.filter(application=app).select_related(*USERS)
    if connection.vendor != "postgresql":
        return list(qs.prefetch_related("chases__by", "handovers__by"))
    ct = ContentType.objects.get_for_model(ApplicationStage)
    who = {"first": "by__first_name", "last": "by__last_name", "uid": "by_id"}
    return list(qs.annotate(
        chase_rows=_json_rows(CountyChase, {
            "on": "on", "contact": "contact", "answer": "answer",
            "next": "next_chase_on", **who}, stage=OuterRef("pk")),
        handover_rows=_json_rows(AgencyHandover, {
            "src": "from_person", "dst": "to_person", "what": "what", "at": "at",
            **who}, stage=OuterRef("pk")),
        doc_rows=_json_rows(Attachment, {"id": "id", "name": "original_name"},
                            content_type_id=ct.pk, object_id=OuterRef("pk")))
        .order_by("order"))


def _events(stage) -> tuple[list, list, list]:
    if not hasattr(stage, "chase_rows"):  # not PostgreSQL: prefetched rows
        chases = [{"on": c.on, "contact": c.contact, "answer": c.answer,
                   "next": c.next_chase_on, "by": display_name(c.by)}
                  for c in stage.chases.all()]
        hands = [{"src": h.from_person, "dst": h.to_person, "what": h.what,
                  "at": h.at, "by": display_name(h.by)} for h in stage.handovers.all()]
        return chases, hands, []
    chases = [{**c, "on": parse_date(c["on"]),
               "next": parse_date(c["next"]) if c["next"] else None,
               "by": _person(c["first"], c["last"], c["uid"])}
              for c in stage.chase_rows or []]
    hands = [{**h, "at": parse_datetime(h["at"]),
              "by": _person(h["first"], h["last"], h["uid"])}
             for h in stage.handover_rows or []]
    docs = [{"name": d["name"], "url": file_url("attachment", d["id"])}
            for d in stage.doc_rows or []]
    return chases, hands, docs


def _row(stage, app, now) -> dict:
    chases, hands, docs = _events(stage)
    current = stage.closed_at is None and app.is_open
    paper_late = bool(stage.paper_due_at and not stage.paper_received_at
                      and stage.paper_due_at < now)
    return {"s": stage, "current": current, "chases": chases, "handovers": hands,
            "documents": docs, "paper_late": paper_late,
            "overdue": bool(current and stage.due_at and stage.due_at < now),
            "can_paper_sent": stage.sent_on_at is not None and not stage.paper_sent_at,
            "can_paper_received": stage.paper_sent_at is not None
            and not stage.paper_received_at}


def levels_context(app, user, forms=None) -> dict:
    """The chain of stages for the record page (empty for an item without one).
    ``forms``: a posted form with its errors, shown in place of the empty one."""
    forms = forms or {}
    stages = _stages(app) if getattr(app, "has_levels", True) else []
    if not stages:
        return {"levels": None}
    now = timezone.now()
    rows = [_row(s, app, now) for s in stages]
    current = next((r for r in rows if r["current"]), None)
    paper_ok = p.can_record_paper_application(user, app)
    at_county = app.state == State.COUNTY
    return {"levels": {
        "rows": rows, "total_days": sum(r["s"].limit_days for r in rows),
        "paper_late": any(r["paper_late"] for r in rows),
        "can_paper": paper_ok, "is_town": has_role(user, CLERK),
        "can_chase": at_county and p.can_chase_county_application(user, app),
        "chase_form": forms.get("chase_form") or (ChaseForm() if at_county else None),
        "can_handover": p.can_record_handover_application(user, app),
        "handover_form": forms.get("handover_form") or HandoverForm(),
        "current": current}}


# --- the stage's actions ----------------------------------------------------------
def _done(request, app, call, success):
    try:
        call()
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("matters:detail", pk=app.pk)


@require_POST
def paper(request, pk, stage, which):
    """纸质资料后送: sent (the level that sends it) or received (the next level)."""
    app = application_or_403(request, pk)
    if which not in ("sent", "received"):
        raise PermissionDenied
    return _done(request, app, lambda: services.record_paper_application(
        app, request.user, stage=stage, which=which),
        "已登记纸质资料送出。" if which == "sent" else "已登记纸质资料收到。")


def _form_post(request, app, form_class, name, call, success):
    """A stage form's POST. Bad input: the record page again (400), the form open
    with what was typed and each field's error, nothing written."""
    form = form_class(request.POST)
    if not form.is_valid():
        from .record import detail

        errors = "；".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"填写有误：{errors}")
        return detail(request, app.pk, levels_forms={name: form}, status=400)
    return _done(request, app, lambda: call(form.cleaned_data), success)


@require_POST
def chase(request, pk):
    """One phone call chasing the county (县级催办)."""
    app = application_or_403(request, pk)
    if not p.can_chase_county_application(request.user, app):
        raise PermissionDenied
    return _form_post(request, app, ChaseForm, "chase_form", lambda data: (
        services.chase_county_application(app, request.user, **data)),
        "已登记县级催办。")


@require_POST
def handover(request, pk):
    """代办: one hand-over of the file for the citizen."""
    app = application_or_403(request, pk)
    if not p.can_record_handover_application(request.user, app):
        raise PermissionDenied
    return _form_post(request, app, HandoverForm, "handover_form", lambda data: (
        services.record_handover_application(app, request.user, **data)),
        "已登记代办交接。")


# --- the lists ------------------------------------------------------------------
def _stage_cell(a) -> str:
    flag = " " + t.state("纸质资料逾期未到") if getattr(a, "paper_late", False) else ""
    return t.esc(a.village.name if a.village_id else "—") + flag


def incoming(request):
    """村级来件: applications sent to town by the villages, to 接收 (town clerks)."""
    if not p.can_receive_from_village_application(request.user):
        raise PermissionDenied
    qs = (visible_applications(request.user).filter(state=State.TO_TOWN)
          .select_related("party", "item", "department", "handler", "village")
          .annotate(paper_late=paper_late_q()).order_by("due_at", "id"))
    # by ids first: the paper flag is then asked of the page's rows only (joined to
    # every match, PostgreSQL hashed all the stages: 17 ms at 1M)
    return _listing(request, qs, "matters/application_incoming.html", {},
                    by_ids=True, empty="暂无村级送镇待接收的办件。",
                    extra=[t.Column("村（社区）", _stage_cell),
                           t.Column("送镇时间", lambda a: t.when(
                               a.sent_to_town_at, "%m-%d %H:%M"))])


def village_list(request):
    """本村办件: the 村代办员's own list, their village's applications only."""
    if not p.can_receive_at_village(request.user):
        raise PermissionDenied
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = queries.filtered(request.user, data).select_related(
        "party", "item", "department", "handler", "village").annotate(
        paper_late=paper_late_q())
    villages = list(request.user.villages.filter(is_active=True))
    return _listing(request, qs.order_by("-received_at", "-id"),
                    "matters/application_village.html",
                    {"form": form, "villages": villages}, by_ids=True,
                    empty="本村暂无办件。",
                    extra=[t.Column("村（社区）", _stage_cell)])


urlpatterns = [
    path("incoming/", incoming, name="incoming"),
    path("village/", village_list, name="village"),
    path("<int:pk>/levels/<int:stage>/paper/<slug:which>/", paper,
         name="levels_paper"),
    path("<int:pk>/levels/chase/", chase, name="levels_chase"),
    path("<int:pk>/levels/handover/", handover, name="levels_handover"),
]


def paper_late_q():
    """Applications with a stage whose paper is overdue (the lists' flag)."""
    from django.db.models import Exists

    return Exists(ApplicationStage.objects.filter(
        application=OuterRef("pk"), paper_received_at__isnull=True,
        paper_due_at__lt=timezone.now()))

