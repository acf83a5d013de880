"""The staff side of the rating screens: pairing a window's screen, "请评价" from the
clerk's page, and one rating's page (linked to its rectification)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from servicecenter import registry
from servicecenter.models import Window
from servicecenter.pdf import qr_data_uri
from servicecenter.roles import MANAGER, has_role
from servicecenter.transitions import TransitionRefused

from .. import ratings
from ..models import Application
from ..models.rating import Rating


def _windows(user):
    if has_role(user, MANAGER):
        return Window.objects.filter(is_active=True)
    return ratings.prompt_windows(user)


@require_safe
def windows(request):
    """The windows this person may pair or prompt, with each screen's status."""
    if not ratings.can_list_screens(request.user):
        raise PermissionDenied
    rows = [{"window": w, "screen": getattr(w, "rating_screen", None),
             "may_pair": ratings.can_pair_screen(request.user, w),
             "may_prompt": ratings.can_prompt_rating(request.user, w)}
            for w in _windows(request.user).select_related("rating_screen",
                                                           "department")]
    recent = (Rating.objects.filter(window__in=[r["window"] for r in rows])
              .select_related("window", "clerk")[:20])
    return render(request, "matters/rating/windows.html",
                  {"rows": rows, "recent": recent})


@require_POST
def pair(request, pk):
    window = get_object_or_404(Window, pk=pk, is_active=True)
    try:
        token = ratings.pair_screen(window, request.user)
    except TransitionRefused as exc:
        raise PermissionDenied(exc.message) from exc
    url = request.build_absolute_uri(reverse("public:rating", args=[token]))
    return render(request, "matters/rating/paired.html",
                  {"window": window, "url": url, "qr": qr_data_uri(url)})


def _next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


def _application(request):
    raw = request.POST.get("application", "")
    if not raw:
        return None
    app = Application.objects.filter(pk=int(raw)).first() if raw.isdecimal() \
        and len(raw) < 12 else None
    if app is None or not registry.may_view(request.user, app):
        raise Http404
    return app


@require_POST
def prompt(request, pk):
    """请评价 to the window's screen; JSON for the page's script, else a redirect
    back with the message."""
    window = get_object_or_404(Window, pk=pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        ratings.send_prompt(window, request.user, _application(request))
        ok, message = True, f"已向{window}的评价器发送「请评价」。"
    except TransitionRefused as exc:
        ok, message = False, exc.message
    if wants_json:
        return JsonResponse({"ok": ok, "message": message}, status=200 if ok else 409)
    (messages.success if ok else messages.error)(request, message)
    return redirect(_next(request, reverse("matters_rating:windows")))


@require_safe
def detail(request, pk):
    rating = get_object_or_404(
        Rating.objects.select_related("window", "clerk", "department", "application"),
        pk=pk)
    if not ratings.can_view_rating(request.user, rating):
        raise Http404
    rectification = rating.rectification if rating.rectification_id else None
    if rectification is not None and registry.may_view(request.user,
                                                        rectification) is False:
        rectification = None
    app = rating.application
    if app is not None and not registry.may_view(request.user, app):
        app = None
    return render(request, "matters/rating/detail.html", {
        "rating": rating, "rectification": rectification, "application": app})
