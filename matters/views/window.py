"""The window's pages for 办件: intake (收件), the window queue, the department queue,
the 否定报备 list of refusals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from servicecenter import once
from servicecenter import tables as t
from servicecenter.forms import PartyForm
from servicecenter.models import Party
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, has_role
from servicecenter.templatetags.deadlines import record_deadline
from servicecenter.transitions import TransitionError

from .. import permissions as p
from .. import ratings, services
from ..appointments.views import can_list_appointments
from ..forms import ListFilterForm, RefusalFilterForm
from ..intake_forms import IntakeForm, MaterialsForm
from ..models import Application, ApplicationMaterial
from . import queries


def record_url(app) -> str:
    return reverse("matters:detail", args=[app.pk])


def can_list_applications(user) -> bool:
    """办件台账: the window, the departments, leaders and managers (each sees what
    ``visible_applications`` gives them)."""
    return has_role(user, CLERK, HANDLER, LEADER, MANAGER)


def can_work_department_queue(user) -> bool:
    return has_role(user, HANDLER) or (
        user.is_authenticated and user.headed_departments.exists())


def can_view_refusals(user) -> bool:
    """否定报备 goes to the centre office: its managers and the leaders review it."""
    return has_role(user, MANAGER, LEADER)


def _party(a) -> str:
    return t.esc(a.party.name)


def _table(apps, empty="没有符合条件的办件。", extra=()):
    """The applications as the window's lists show them."""
    detail = t.pk_url("matters:detail")
    state = t.labels(Application, "state")
    columns = [
        t.Column("编号", lambda a: t.link(detail(a.pk), a.number)),
        t.Column("申请人", _party),
        t.Column("事项", lambda a: t.esc(a.item.name)),
        t.Column("状态", lambda a: t.state(state(a.state))),
        t.Column("承办", lambda a: t.or_dash(
            display_name(a.handler) if a.handler_id else a.department.name)),
        t.Column("收件", lambda a: t.when(a.received_at, "%m-%d %H:%M")),
        t.Column("时限", record_deadline),
        *extra,
    ]
    return t.Table(columns, apps, empty)


def _listing(request, qs, template, context, by_ids=False, arms=None, **table):
    page = bounded_page(request, qs, by_ids=by_ids, arms=arms)
    page["table"] = _table(page.pop("rows"), **table)
    return render(request, template, {**context, **page})


def application_list(request):
    """办件台账: the window's queue (search by number or phone, state, overdue)."""
    if not can_list_applications(request.user):
        raise PermissionDenied
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = queries.filtered(request.user, data).select_related(
        "party", "item", "department", "handler")
    return _listing(request, qs.order_by("-received_at", "-id"),
                    "matters/application_list.html",
                    {"form": form,
                     "can_intake": p.can_receive_application(request.user),
                     "can_appointments": can_list_appointments(request.user),
                     "can_department": can_work_department_queue(request.user),
                     "can_refusals": can_view_refusals(request.user),
                     "can_rating_screens": ratings.can_list_screens(request.user),
                     "can_incoming": p.can_receive_from_village_application(
                         request.user)}, by_ids=True)


def department_queue(request):
    """科室待办: accepted applications to take, and what this handler handles or this
    head reviews."""
    if not can_work_department_queue(request.user):
        raise PermissionDenied
    arms, order = queries.department_arms(request.user), ("due_at", "id")
    qs = queries.department_queue(request.user, arms).select_related(
        "party", "item", "department", "handler")
    return _listing(request, qs.order_by(*order),
                    "matters/application_department.html", {},
                    empty="科室暂无待办办件。",
                    arms=queries.department_queue_arms(request.user, arms, order))


def _refusal_cells():
    return [t.Column("不予受理理由", lambda a: t.truncate(a.refusal_reason, 40)),
            t.Column("依据", lambda a: t.truncate(a.refusal_basis, 30)),
            t.Column("经办", lambda a: t.esc(display_name(a.first_receiver)))]


def refusals(request):
    """否定报备: every refusal, reported to the centre office for the manager's
    review."""
    if not can_view_refusals(request.user):
        raise PermissionDenied
    form = RefusalFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = queries.refusals(request.user, data).select_related(
        "party", "item", "department", "handler", "first_receiver")
    return _listing(request, qs,
                    "matters/application_refusals.html", {"form": form},
                    empty="没有不予受理的办件。", extra=_refusal_cells())


def _forms(request):
    data = request.POST if request.method == "POST" else None
    form = IntakeForm(data, user=request.user, initial=_prefill(request))
    party_form = PartyForm(data, prefix="party")
    situation = None
    if data is not None and form.version is not None:
        situation = form.fields["situation"].queryset.filter(
            pk=data.get("situation") if str(data.get("situation", "")).isdecimal()
            else None).first()
    materials = MaterialsForm(data, request.FILES or None, version=form.version,
                              situation=situation)
    return form, party_form, materials


def _prefill(request) -> dict:
    """收件 opened from an appointment (预约, arrived): the citizen, the item, its 情形,
    the channel and the window filled in from the link's query."""
    if request.method != "GET":
        return {}
    keys = ("item", "situation", "party_id", "channel", "window")
    return {k: request.GET[k] for k in keys
            if str(request.GET.get(k, "")).isalnum() and len(request.GET[k]) < 19}


def _party_of(form, party_form):
    if form.cleaned_data.get("party_id"):
        return Party.objects.get(pk=form.cleaned_data["party_id"])
    if party_form.is_valid():
        return party_form.save()
    if party_form.left_blank():
        form.add_error(None, "请先查找并选择申请人，或填写新申请人的档案。")
    return None


def _receive(request, form, party_form, materials):
    """The 办件 with its materials: what came, what is wrong (the 一次性告知书's
    list), and the scans of each, in the caller's transaction."""
    party = _party_of(form, party_form)
    if party is None:
        return None
    data, rows = form.cleaned_data, materials.received()
    got = [r["material"].pk for r in rows if r["received"]]
    if form.at_village:  # a village service point (村级受理)
        app = services.receive_at_village(
            request.user, party=party, item=data["item"], situation=data["situation"],
            received=got, needs_meeting=data["needs_meeting"], note=data["remark"])
    else:
        app = services.receive_application(
            request.user, party=party, item=data["item"], situation=data["situation"],
            channel=data["channel"], window=data["window"], note=data["remark"],
            received=got, village=data.get("village"))
    by_material = {am.material_id: am for am in app.materials.all()}
    for r in rows:
        am = by_material[r["material"].pk]
        if r["problem"]:
            ApplicationMaterial.objects.filter(pk=am.pk).update(problem=r["problem"])
        for upload in r["scans"]:
            services.attach_scan(am, request.user, upload)
    return app


def intake(request):
    """收件 at the window: the applicant, the item and 情形, the materials and their
    scans. "刷新材料清单" (no JavaScript) shows the list of the chosen item again.
    A 村代办员 takes it here too, at their village's service point."""
    if not (p.can_receive_application(request.user)
            or p.can_receive_at_village(request.user)):
        raise PermissionDenied
    if replayed := once.replay(request, record_url):
        return replayed
    form, party_form, materials = _forms(request)
    if (request.method == "POST" and "refresh" not in request.POST
            and form.is_valid() and materials.is_valid()):
        app, created = None, True
        try:
            with transaction.atomic():  # a new party is kept only with its 办件
                app, created = once.create_once(
                    request, lambda: _receive(request, form, party_form, materials))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            if app is not None and not created:
                return once.replayed(request, record_url(app))
            if app is not None:
                messages.success(request, f"已收件 {app.number}。")
                return redirect(record_url(app))
    elif request.method == "POST" and "refresh" not in request.POST:
        messages.error(request, "收件信息有误，请按提示修改后重新提交（已填内容均保留，"
                                "扫描件需重新选择）。")
    return render(request, "matters/application_intake.html", _intake_context(
        form, party_form, materials))


def _intake_context(form, party_form, materials):
    party_id = getattr(form, "cleaned_data", {}).get("party_id") or (
        form.initial.get("party_id") if not form.is_bound else None)
    if not str(party_id or "").isdecimal():
        party_id = None
    return {"form": form, "party_form": party_form, "materials": materials,
            "version": form.version,
            "party": Party.objects.filter(pk=party_id).first() if party_id else None,
            "materials_url": reverse("matters:intake_materials")}


def intake_materials(request):
    """The 情形 choice and materials rows of one item (the intake form's fragment)."""
    if not p.can_receive_application(request.user):
        raise PermissionDenied
    form = IntakeForm(request.GET, user=request.user)
    situation = None
    if form.version is not None and str(request.GET.get("situation", "")).isdecimal():
        situation = form.fields["situation"].queryset.filter(
            pk=request.GET["situation"]).first()
    materials = MaterialsForm(version=form.version, situation=situation)
    return render(request, "matters/_intake_materials.html", {
        "form": form, "materials": materials, "version": form.version})
