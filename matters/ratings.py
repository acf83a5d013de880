"""好差评 at the window: pairing the screen, "请评价", the citizen's rating, the
rectification of a bad one, and the month's results for the accountability report.

Who may do what (pure functions, used by the views and the buttons):
- pair a window's screen: a manager, or a clerk who staffs that window;
- send "请评价": a clerk who staffs the window;
- see a rating: managers, leaders, clerks (they register and report complaints) and
  the rated person.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from servicecenter import registry
from servicecenter.people import display_name
from servicecenter.roles import CLERK, LEADER, MANAGER, has_role
from servicecenter.transitions import TransitionRefused

from .models.rating import (
    PROMPT_MINUTES,
    Rating,
    RatingPrompt,
    RatingScreen,
    hash_token,
)

logger = logging.getLogger(__name__)
NOTE_MAX = 500


# -- permissions ------------------------------------------------------------------
def staffs_window(user, window) -> bool:
    return bool(user.is_authenticated and window.staff.filter(pk=user.pk).exists())


def can_list_screens(user) -> bool:
    """The windows' rating screens page: clerks (their windows) and managers (all)."""
    return has_role(user, MANAGER, CLERK)


def can_pair_screen(user, window) -> bool:
    return has_role(user, MANAGER) or (has_role(user, CLERK)
                                       and staffs_window(user, window))


def can_prompt_rating(user, window) -> bool:
    return (has_role(user, CLERK) and window.is_active
            and staffs_window(user, window))


def can_view_rating(user, rating) -> bool:
    return has_role(user, MANAGER, LEADER, CLERK) or (
        user.is_authenticated and rating.clerk_id == user.pk)


def prompt_windows(user):
    """The active windows this clerk staffs, with their screens (the 请评价 buttons)."""
    from servicecenter.models import Window

    if not has_role(user, CLERK):
        return Window.objects.none()
    return (Window.objects.filter(staff=user, is_active=True)
            .select_related("rating_screen").order_by("number"))


# -- pairing and prompts ----------------------------------------------------------
def pair_screen(window, user) -> str:
    """A new token for the window's screen (the old one stops working). Returns the
    token itself, shown once; only its hash is stored."""
    if not can_pair_screen(user, window):
        raise TransitionRefused("您没有权限为该窗口配对评价器。")
    token = RatingScreen.new_token()
    RatingScreen.objects.update_or_create(
        window=window, defaults={"token_hash": hash_token(token), "paired_by": user,
                                 "paired_at": timezone.now(), "last_seen_at": None})
    return token


def screen_for(token: str):
    """The paired screen of a token, or None (also for a revoked one)."""
    if not token or len(token) > 100:
        return None
    return (RatingScreen.objects.select_related("window")
            .filter(token_hash=hash_token(token), window__is_active=True).first())


def send_prompt(window, user, application=None) -> RatingPrompt:
    """请评价 to the window's screen; an earlier unanswered prompt is closed."""
    if not can_prompt_rating(user, window):
        raise TransitionRefused("您不是该窗口的工作人员，不能发送评价邀请。")
    if not hasattr(window, "rating_screen"):
        raise TransitionRefused("该窗口尚未配对评价器，请先配对。")
    now = timezone.now()
    with transaction.atomic():
        RatingPrompt.objects.filter(window=window, closed_at__isnull=True).update(
            closed_at=now)
        return RatingPrompt.objects.create(window=window, clerk=user,
                                           application=application, created_at=now)


def open_prompt(screen, now=None):
    """The prompt the screen shows now: the window's latest, unanswered, not closed,
    not older than PROMPT_MINUTES."""
    now = now or timezone.now()
    since = now - datetime.timedelta(minutes=PROMPT_MINUTES)
    return (RatingPrompt.objects.filter(window_id=screen.window_id,
                                        closed_at__isnull=True, rating__isnull=True,
                                        created_at__gte=since)
            .select_related("clerk").order_by("-created_at", "-id").first())


def seen(screen, now=None) -> None:
    """Mark the screen online; written at most once a minute (it polls often)."""
    now = now or timezone.now()
    if screen.last_seen_at and now - screen.last_seen_at < datetime.timedelta(
            minutes=1):
        return
    RatingScreen.objects.filter(pk=screen.pk).update(last_seen_at=now)
    screen.last_seen_at = now


# -- the rating ---------------------------------------------------------------------
def clean_reasons(level: int, reasons) -> list[str]:
    if level not in Rating.BAD:
        return []
    return [r for r in Rating.REASONS if r in set(reasons or ())]


def record_rating(screen, prompt_id, level, reasons=(), note="") -> Rating:
    """The citizen's answer to a prompt of this screen's window. A repeated answer
    to the same prompt (the tablet retrying after a lost reply) returns the first."""
    if level not in Rating.Level.values:
        raise TransitionRefused("请选择一个评价。")
    with transaction.atomic():
        prompt = (RatingPrompt.objects.select_for_update()
                  .filter(pk=prompt_id, window_id=screen.window_id).first())
        if prompt is None:
            raise TransitionRefused("本次评价邀请已失效，请向窗口工作人员咨询。")
        existing = Rating.objects.filter(prompt=prompt).first()
        if existing:
            return existing
        age = timezone.now() - prompt.created_at
        if prompt.closed_at or age > datetime.timedelta(minutes=PROMPT_MINUTES):
            raise TransitionRefused("本次评价邀请已失效，请向窗口工作人员咨询。")
        rating = Rating.objects.create(
            window_id=prompt.window_id, clerk_id=prompt.clerk_id,
            department_id=screen.window.department_id,
            application_id=prompt.application_id, prompt=prompt, level=level,
            reasons=clean_reasons(level, reasons),
            note=(note or "").strip()[:NOTE_MAX] if level in Rating.BAD else "",
            created_at=timezone.now())
        if rating.is_bad:
            transaction.on_commit(lambda: rectify(rating.pk))
    return rating


def rectify(rating_pk: int):
    """Open the rectification of a bad rating and link it back; idempotent (the
    opener finds the complaint it made). Failing here loses nothing: the sweep's
    safety net (``unrectified_ratings``) tries again."""
    try:
        with transaction.atomic():
            rating = (Rating.objects.select_for_update(of=("self",))
                      .select_related("window", "clerk", "application__party")
                      .get(pk=rating_pk))
            if rating.rectification_id:
                return rating.rectification
            complaint = registry.open_rectification(
                rating, party=getattr(rating.application, "party", None),
                subject=_subject(rating), content=_content(rating))
            if complaint is None:
                return None
            rating.rectification = complaint
            rating.save(update_fields=["rectification_type", "rectification_id"])
            return complaint
    except Exception:  # the rating is stored; the sweep opens it later
        logger.exception("opening the rectification of rating %s failed", rating_pk)
        return None


def _subject(rating) -> str:
    return (f"窗口差评（{rating.get_level_display()}）：{rating.window}"
            f" {display_name(rating.clerk)}")[:120]


def _content(rating) -> str:
    lines = [f"群众在{rating.window}的评价器上评价「{rating.get_level_display()}」。"]
    if rating.reasons:
        lines.append("不满意原因：" + rating.reasons_display + "。")
    if rating.note:
        lines.append("群众意见：" + rating.note)
    if rating.application_id:
        lines.append(f"所涉办件：{rating.application.number}。")
    return "\n".join(lines)


def unrectified_ratings(now):
    """Safety net of the sweep: bad ratings of the last 15 days without their
    rectification (its after-commit step failed) get it now. Bounded per run."""
    since = now - datetime.timedelta(days=15)
    missing = list(Rating.objects.filter(level__in=Rating.BAD, created_at__gte=since,
                                         rectification_id__isnull=True)
                   .order_by().values_list("pk", flat=True)[:200])
    made = sum(1 for pk in missing if rectify(pk) is not None)
    return {"rating_rectifications": made}
