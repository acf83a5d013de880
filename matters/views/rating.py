"""The rating screen (评价器): the tablet facing the citizen at a window.

No staff session: the screen is found by the token in its address
(``/rating/<token>/``), issued when a manager or the window's clerk paired it
(``matters.ratings.pair_screen``). The page polls ``poll/`` every few seconds for
the clerk's "请评价" and posts the citizen's tap to ``rate/``; both answer JSON.
``rate/`` is exempt from the CSRF cookie check on purpose: what authorises it is
the token in the address, which another site cannot know (CSRF protects requests
authorised by a cookie), and a kiosk left on for weeks must not fail on an expired
cookie. A rating needs an open prompt of the screen's window, and answering the
same prompt twice returns the first answer (the tablet retries after a lost reply).
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from servicecenter.people import display_name
from servicecenter.transitions import TransitionRefused

from .. import ratings
from ..models.rating import Rating
from .public import render_public

UNPAIRED = "该评价器未配对或配对已失效，请联系窗口工作人员重新配对。"


def _screen(token):
    screen = ratings.screen_for(token)
    if screen is None:
        raise Http404(UNPAIRED)
    return screen


@login_not_required
@require_safe
@never_cache
def screen(request, token):
    screen = _screen(token)
    levels = [(int(v), label) for v, label in sorted(Rating.Level.choices,
                                                      reverse=True)]
    return render_public(request, "matters/public/rating_screen.html", {
        "screen": screen, "window": screen.window, "levels": levels,
        "bad_levels": [int(v) for v in Rating.BAD], "reasons": Rating.REASONS,
        "token": token}, "rating")


def prompt_json(prompt) -> dict | None:
    if prompt is None:
        return None
    item = prompt.application.item.name if prompt.application_id else ""
    return {"id": prompt.pk, "clerk": display_name(prompt.clerk), "item": item}


@login_not_required
@require_safe
@never_cache
def poll(request, token):
    screen = _screen(token)
    ratings.seen(screen)
    prompt = ratings.open_prompt(screen)
    if prompt is not None and prompt.application_id:
        prompt = type(prompt).objects.select_related("clerk", "application__item").get(
            pk=prompt.pk)
    return JsonResponse({"prompt": prompt_json(prompt)})


def _payload(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {"prompt": request.POST.get("prompt"), "level": request.POST.get("level"),
            "reasons": request.POST.getlist("reasons"),
            "note": request.POST.get("note", "")}


def _int(value) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdecimal() and len(text) < 12 else None


@login_not_required
@csrf_exempt
@require_POST
@never_cache
def rate(request, token):
    screen = _screen(token)
    data = _payload(request)
    reasons = data.get("reasons") or []
    note = data.get("note") or ""
    if not isinstance(reasons, list) or not isinstance(note, str):
        reasons, note = [], ""
    try:
        rating = ratings.record_rating(
            screen, _int(data.get("prompt")), _int(data.get("level")),
            reasons=[str(r) for r in reasons], note=note)
    except TransitionRefused as exc:
        if request.content_type != "application/json":
            return redirect("public:rating", token=token)
        return JsonResponse({"ok": False, "message": exc.message}, status=409)
    if request.content_type != "application/json":  # the page without script
        return redirect("public:rating", token=token)
    return JsonResponse({"ok": True, "level": rating.get_level_display()})
