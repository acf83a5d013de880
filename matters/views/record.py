"""One 办件: its page, every verb's form, the extension, its documents and scans."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from servicecenter.deadlines import running_time_left
from servicecenter.files import file_url
from servicecenter.models import Attachment
from servicecenter.timeline import build_timeline
from servicecenter.transition_views import transition_view
from servicecenter.transitions import (
    TransitionError,
    available_transitions,
    blocked_transitions,
)

from .. import forms as f
from .. import pdf
from .. import permissions as p
from .. import services
from ..models import Application
from ..verbs import VERBS


def application_or_403(request, pk) -> Application:
    app = get_object_or_404(Application.objects.select_related(
        "party", "item", "version", "situation", "department", "handler",
        "first_receiver", "window", "decided_by"), pk=pk)
    if not p.can_view_application(request.user, app):
        raise PermissionDenied
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
            object_id__in=[r.pk for r in rows]).order_by("uploaded_at"):
        scans.setdefault(a.object_id, []).append(
            {"name": a.original_name, "url": file_url("attachment", a.pk)})
    return [{"am": am, "scans": scans.get(am.pk, [])} for am in rows]


def _extension(app, user) -> dict:
    ext = app.extensions.order_by("-id").first()
    return {
        "extension": ext,
        "can_request_extension": p.can_request_extension(user, app),
        "can_decide_extension": ext is not None and p.can_decide_extension(user, app),
        "extension_form": f.ExtensionDecideForm(initial={"expected_state": app.state}),
    }


def detail(request, pk):
    app = application_or_403(request, pk)
    clock = Application.clock
    return render(request, "matters/application_detail.html", {
        "a": app, "version": app.version,
        "deadline": running_time_left(app) if clock.due(app) or clock.is_paused(app)
        else None,
        "paused": clock.is_paused(app), "overdue": app.marked_overdue,
        "id_number": app.party.id_number_for(request.user),
        "materials": _materials(app),
        "stages": list(app.special_stages.order_by("started_at")),
        "actions": _actions(app, request.user),
        "blocked": blocked_transitions(app, request.user),
        "timeline": build_timeline(app), "documents": pdf.available(app),
        **_extension(app, request.user),
    })


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
    if not p.can_request_extension(request.user, app):
        raise PermissionDenied
    form = f.ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extension(app, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已提交，待领导审批。")
            return redirect("matters:detail", pk=app.pk)
    return render(request, "matters/application_transition.html",
                  {"a": app, "form": form, "label": "申请延期"})


def extension_decide(request, pk):
    app = application_or_403(request, pk)
    ext = app.extensions.order_by("-id").first()
    if request.method != "POST" or ext is None or not p.can_decide_extension(
            request.user, app):
        raise PermissionDenied
    form = f.ExtensionDecideForm(request.POST)
    if form.is_valid():
        try:
            services.decide_extension(ext, request.user,
                                      approve=form.cleaned_data["approve"],
                                      note=form.cleaned_data["note"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已审批。")
    else:
        messages.error(request, "请选择批准或不批准。")
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
