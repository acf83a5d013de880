"""One 办件: its page, every verb's form, the extension, its documents and scans."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicecenter.deadlines import running_time_left
from servicecenter.files import file_url
from servicecenter.models import Attachment
from servicecenter.people import display_name
from servicecenter.timeline import Entry, build_timeline, issued_codes
from servicecenter.transition_views import transition_view
from servicecenter.transitions import (
    TransitionError,
    available_transitions,
    blocked_transitions,
)

from .. import forms as f
from .. import joint_views, pdf, services
from .. import permissions as p
from ..models import Application, ApplicationExtension
from ..services.extension import EXTENDABLE
from ..verbs import VERBS

# the relations of the record that its pages read: the record page reads the second
# group (and the extension) in a query of its own (``_with_the_rest``)
RELATED = ("party", "item", "version", "department", "handler")
REST = ("situation", "first_receiver", "window", "decided_by", "village")


def application_or_403(request, pk, related=RELATED + REST) -> Application:
    app = get_object_or_404(joint_views.with_opinions(  # 并联审批, in the same query
        Application.objects.select_related(*related).annotate(
            has_levels=has_levels(), county_level=county_level()), request.user),
        pk=pk)
    if not p.can_view_application(request.user, app):
        raise PermissionDenied
    return app


def _with_the_rest(app) -> Application:
    """``app`` with ``REST`` and its extension (or None), read in a second query:
    PostgreSQL's planning of one join grows fast with its tables, and the record with
    all eleven took it 7–13 ms at 1M where the two halves take 1.4 and 1.7 ms. The
    extension comes with them instead of in a query of its own."""
    rest = Application.objects.select_related(*REST, "extension").get(pk=app.pk)
    for name in (*REST, "extension"):
        field = Application._meta.get_field(name)
        field.set_cached_value(app, field.get_cached_value(rest))
    return app


def _actions(app, user) -> list[dict]:
    return [{**a, "url": reverse(f"matters:{a['name']}", args=[app.pk])}
            for a in available_transitions(app, user)]


def _materials(app) -> list[dict]:
    """Each material of the application with its scans (one query for all scans)."""
    rows = list(app.materials.select_related("material").order_by(
        "material__order", "material_id"))
    if not rows:
        return []
    scans = {}
    for a in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(rows[0]),
            object_id__in=[r.pk for r in rows]).select_related(
                "uploaded_by").order_by("uploaded_at"):
        scans.setdefault(a.object_id, []).append(
            {"name": a.original_name, "url": file_url("attachment", a.pk),
             "at": a.uploaded_at, "who": display_name(a.uploaded_by) or "系统"})
    return [{"am": am, "scans": scans.get(am.pk, [])} for am in rows]


def _timeline(app, materials, extra=()) -> list[Entry]:
    """History, documents issued (one query, ``build_timeline``) and the scans of
    every material, which the page has read already (they belong to the materials,
    not to the application)."""
    scans = [Entry(s["at"], s["who"], "上传扫描件",
                   f"{row['am'].material.name}：{s['name']}", "attachment",
                   url=s["url"]) for row in materials for s in row["scans"]]
    return build_timeline(app, extra=scans + list(extra))


def _extension(app, user, ext) -> dict:
    return {
        "extension": ext,
        "can_request_extension": ext is None and app.state in EXTENDABLE
        and app.version.extension_allowed
        and p.can_request_extension_application(user, app),
        "can_decide_extension": ext is not None
        and ext.state == ApplicationExtension.State.REQUESTED
        and p.can_decide_application_extension(user, ext),
        "extension_form": f.ExtensionDecideForm(
            initial={"expected_state": ext.state if ext else ""}),
    }


def detail(request, pk, levels_forms=None, status=200):
    """The record page; ``levels_forms``: a stage form posted with errors (400)."""
    app = _with_the_rest(application_or_403(request, pk, related=RELATED))
    clock = Application.clock
    materials = _materials(app)
    ext = getattr(app, "extension", None)  # read by _with_the_rest
    joint = joint_views.panel_context(app, request.user)  # 并联审批, read with app
    timeline = _timeline(app, materials, joint.pop("joint_entries"))
    return render(request, "matters/application_detail.html", {
        "a": app, "version": app.version,
        "deadline": running_time_left(app) if clock.due(app) or clock.is_paused(app)
        else None,
        "paused": clock.is_paused(app), "overdue_remedy": app.overdue_remedy,
        "id_number": app.party.id_number_for(request.user),
        "materials": materials,
        "stages": list(app.special_stages.order_by("started_at")),
        "actions": _actions(app, request.user),
        "blocked": blocked_transitions(app, request.user),
        "timeline": timeline,
        "documents": pdf.available(app, issued_codes(timeline), ext),
        "can_supply": p.can_supply_material_application(request.user, app),
        # 请评价 once the matter is finished (办结 and after): the window's screen
        "rating_due": app.state in clock.done,
        **_extension(app, request.user, ext),
        # the chain of stages (村 → 镇 → 县)
        **levels_context(app, request.user, levels_forms),
        **joint,
    }, status=status)


def has_levels():
    """Whether the application has passed a level (村 → 镇 → 县): read with the
    record, so a record without one spends no query on the chain."""
    from django.db.models import Exists, OuterRef

    from ..models import ApplicationStage

    return Exists(ApplicationStage.objects.filter(application=OuterRef("pk")))


def county_level():
    """Whether the item's chain has a county level (送县审批 is offered): read with the
    record, not once for the buttons and again for the blocked list."""
    from django.db.models import Exists, OuterRef

    from ..models import ItemLevel, Level

    return Exists(ItemLevel.objects.filter(version=OuterRef("version_id"),
                                           level=Level.COUNTY))


def levels_context(app, user, forms=None):
    from .levels import levels_context

    return levels_context(app, user, forms)


def transition(request, pk, verb):
    app = application_or_403(request, pk)
    back = reverse("matters:detail", args=[app.pk])

    def after(done):
        fresh = Application.objects.get(pk=done.pk)
        return back if p.can_view_application(request.user, fresh) else reverse(
            "matters:list")

    return transition_view(request, app, VERBS[verb],
                           template="matters/application_transition.html", back=back,
                           context={"a": app}, after=after)


def extension_request(request, pk):
    app = application_or_403(request, pk)
    ext = ApplicationExtension.objects.filter(application=app).first()
    if not _extension(app, request.user, ext)["can_request_extension"]:
        raise PermissionDenied
    form = f.ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extension_application(app, request.user,
                                                  **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已提交，待领导审批。")
            return redirect("matters:detail", pk=app.pk)
    return render(request, "matters/application_transition.html",
                  {"a": app, "form": form, "label": "申请延期"})


def extension_decide(request, pk):
    app = application_or_403(request, pk)
    ext = ApplicationExtension.objects.filter(application=app).first()
    if request.method != "POST" or not _extension(app, request.user, ext)[
            "can_decide_extension"]:
        raise PermissionDenied
    form = f.ExtensionDecideForm(request.POST)
    if form.is_valid():
        try:
            services.decide_extension_application(ext, request.user,
                                                 **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已审批。")
    else:
        messages.error(request, "请选择批准或不批准。")
    return redirect("matters:detail", pk=app.pk)


@require_POST
def supply_material(request, pk, material):
    """容缺: a waived material handed in after acceptance."""
    app = application_or_403(request, pk)
    try:
        services.supply_material_application(app, request.user, material=material)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记补交材料。")
    return redirect("matters:detail", pk=app.pk)


def document(request, pk, doc_type):
    """A document as issued (issued now when its after-commit step has not run)."""
    app = application_or_403(request, pk)
    if doc_type not in pdf.DOCS:
        raise Http404
    issued = pdf.issued_or_issue(app, doc_type, request.user)
    if issued is None:
        raise Http404("该文书尚未出具。")
    return FileResponse(issued.file.open("rb"), content_type="application/pdf",
                        filename=f"{app.number}-{doc_type}.pdf", as_attachment=False)
