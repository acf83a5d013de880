"""One petition: registration, its page, the leader's decision, every other verb."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from servicecenter import once
from servicecenter.deadlines import running_time_left
from servicecenter.forms import PartyForm
from servicecenter.models import Party
from servicecenter.roles import CLERK, has_role
from servicecenter.timeline import build_timeline, issued_codes
from servicecenter.transition_views import transition_view
from servicecenter.transitions import (
    TransitionError,
    available_transitions,
    form_refused,
)

from .. import forms as f
from .. import pdf, services
from ..models import Extension, Petition
from ..models.choices import State
from ..permissions import (
    can_decide_extension,
    can_mark_duplicate_petition,
    can_request_extension,
    can_view_petition,
)
from ..verbs import VERBS

# the leader's one-step decision; every other verb is in ``petitions.verbs``
DECIDE = {"accept": services.accept_petition, "decline": services.decline_petition,
          "transfer": services.transfer_petition}


def _petition_or_403(request, pk):
    petition = get_object_or_404(Petition.objects.select_related(
        "party", "department", "handler", "decided_by", "first_receiver",
        "extension"), pk=pk)
    if not can_view_petition(request.user, petition):
        raise PermissionDenied
    return petition


def _actions(petition, user):
    actions = available_transitions(petition, user)
    for a in actions:
        verb = "decide" if a["name"] in DECIDE else a["name"]
        a["url"] = reverse(f"petitions:{verb}", args=[petition.pk])
    return actions


def detail(request, pk):
    p = _petition_or_403(request, pk)
    extension = getattr(p, "extension", None)  # joined by _petition_or_403
    timeline = build_timeline(p)
    show_repeats = p.state == State.REGISTERED and can_mark_duplicate_petition(
        request.user, p)
    return render(request, "petitions/petition_detail.html", {
        "p": p, "deadline": running_time_left(p) if p.clock.due(p) else None,
        "id_number": p.party.id_number_for(request.user),
        "representatives": p.representatives.all(),
        "actions": _actions(p, request.user),
        "timeline": timeline,
        "documents": pdf.available(p, issued=issued_codes(timeline)),
        "extension": extension,
        "can_request_extension": extension is None and p.state in (
            State.ACCEPTED, State.IN_PROGRESS)
        and can_request_extension(request.user, p),
        "can_decide_extension": extension is not None
        and extension.state == Extension.State.REQUESTED
        and can_decide_extension(request.user, p),
        "extension_form": f.ExtensionDecideForm(initial={
            "expected_state": Extension.State.REQUESTED}),
        "repeats": services.possible_repeats(request.user, p.party, p.subject,
                                             exclude_pk=p.pk) if show_repeats else [],
        "attach_form": f.AttachForm(),
    })


def register(request):
    """信访登记 at the window: look up or create the party, then register."""
    if not has_role(request.user, CLERK):
        raise PermissionDenied
    if replayed := once.replay(request, lambda p: _after_url(request, p)):
        return replayed
    form = f.RegisterForm(request.POST or None, request.FILES or None)
    party_form = PartyForm(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid():
        petition, created = None, True
        try:
            # the new party and representatives are kept only with the petition
            with transaction.atomic():
                petition, created = once.create_once(
                    request, lambda: _register(request, form, party_form))
        except ValidationError as exc:
            form.add_error("scan", exc)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            if petition is not None and not created:
                return once.replayed(request, _after_url(request, petition))
            if petition is not None:
                messages.success(request, f"已登记信访 {petition.number}。")
                if can_view_petition(request.user, petition):
                    return redirect("petitions:detail", pk=petition.pk)
                messages.info(request, "该件属揭发控告类，已转领导审批，窗口不再查看。")
                return redirect("petitions:list")
    # the cleaned value: the raw one may be anything a browser (or a person) sends
    party_id = getattr(form, "cleaned_data", {}).get("party_id")
    party = Party.objects.filter(pk=party_id).first() if party_id else None
    return render(request, "petitions/petition_register.html",
                  {"form": form, "party_form": party_form, "party": party})


def _register(request, form, party_form):
    """The petition (and a new party) from the valid form; None when no party."""
    party = _party(form, party_form)
    if party is None:
        return None
    return services.register_petition(
        request.user, party=party, scan=form.cleaned_data["scan"],
        representatives=form.representative_parties(),
        **{k: form.cleaned_data[k] for k in (
            "channel", "received_at", "category", "subject", "content", "headcount",
            "place")})


def _after_url(request, petition) -> str:
    if can_view_petition(request.user, petition):
        return reverse("petitions:detail", args=[petition.pk])
    return reverse("petitions:list")


def _party(form, party_form):
    if form.cleaned_data.get("party_id"):
        return Party.objects.get(pk=form.cleaned_data["party_id"])
    if party_form.is_valid():
        return party_form.save()
    if party_form.left_blank():
        form.add_error(None, "请先查找并选择信访人，或填写新信访人的档案。")
    return None


def _run(request, petition, service, data):
    try:
        service(petition, request.user, **data)
    except TransitionError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, "操作成功。")
    return True


def _after(request, petition):
    fresh = Petition.objects.get(pk=petition.pk)
    if can_view_petition(request.user, fresh):
        return redirect("petitions:detail", pk=petition.pk)
    return redirect("petitions:list")


def decide(request, pk):
    """The leader's accept / decline / transfer with the 批示, in one step."""
    p = _petition_or_403(request, pk)
    record = reverse("petitions:detail", args=[p.pk])
    if refused := form_refused(request, p, "accept", record):
        return refused
    form = f.DecideForm(request.POST or None, initial={"expected_state": p.state})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        verb = data.pop("decision")
        keep = {"accept": ["instruction", "department", "handler"],
                "decline": ["reason", "route", "route_detail", "instruction"],
                "transfer": ["receiving_body", "instruction"]}[verb]
        kwargs = {k: data[k] for k in keep} | {"expected_state": data["expected_state"]}
        if _run(request, p, DECIDE[verb], kwargs):
            return _after(request, p)
    return render(request, "petitions/petition_decide.html", {"p": p, "form": form})


def transition(request, pk, verb):
    p = _petition_or_403(request, pk)
    return transition_view(
        request, p, VERBS[verb], template="petitions/petition_transition.html",
        back=reverse("petitions:detail", args=[p.pk]), context={"p": p},
        # the saved record: a verb may take it out of this user's sight
        after=lambda done: _after_url(request, Petition.objects.get(pk=done.pk)))


def extension_request(request, pk):
    p = _petition_or_403(request, pk)
    if not can_request_extension(request.user, p):
        raise PermissionDenied
    form = f.ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extension(p, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已提交，待领导审批。")
            return redirect("petitions:detail", pk=p.pk)
    return render(request, "petitions/petition_transition.html",
                  {"p": p, "form": form, "label": "申请延期"})


def extension_decide(request, pk):
    p = _petition_or_403(request, pk)
    extension = get_object_or_404(Extension, petition=p)
    if request.method != "POST" or not can_decide_extension(request.user, p):
        raise PermissionDenied
    form = f.ExtensionDecideForm(request.POST)
    if form.is_valid():
        try:
            services.decide_extension(extension, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已审批。")
    else:
        messages.error(request, "请选择批准或不批准。")
    if request.POST.get("next") == "approvals":
        return redirect("petitions:approvals")
    return redirect("petitions:detail", pk=p.pk)


def attach(request, pk):
    p = _petition_or_403(request, pk)
    if request.method != "POST":
        raise Http404
    form = f.AttachForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError("请选择要上传的文件。")
        services.attach(p, request.user, form.cleaned_data["file"])
        messages.success(request, "附件已上传。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except TransitionError as exc:  # a refused file, or storage that failed
        messages.error(request, exc.message)
    return redirect("petitions:detail", pk=p.pk)


def document(request, pk, doc_type):
    p = _petition_or_403(request, pk)
    if doc_type not in pdf.DOCS:
        raise Http404
    if not pdf.DOCS[doc_type].issued:
        response = HttpResponse(pdf.render(p, doc_type), content_type="application/pdf")
    else:
        issued = pdf.issued_or_issue(p, doc_type, request.user)
        if issued is None:
            raise Http404("该文书尚未出具。")
        response = FileResponse(issued.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{p.number}-{doc_type}.pdf"'
    return response
