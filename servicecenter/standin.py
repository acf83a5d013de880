"""AB角 (SPEC 1.12): while A is absent, A's B sees and acts on A's records.

``acts_for(user, assignee)`` is the one rule: every permission that says "the
assignee" asks it, so it reads "the assignee, or the assignee's stand-in while the
assignee is absent". There is no chain: a B who is absent too stands in for nobody
(the department head is told), and a B that would close a loop is refused.
"""

import contextlib
import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from .people import display_name
from .staff import Absence, StaffProfile

_generation = itertools.count()
_current = [next(_generation)]


AWAY_KEY = "standin:away:{day}"
AWAY_TTL = 60  # seconds: the longest another worker may answer from before a change


def changed() -> None:
    """An absence or a B changed: every cached answer on a user object is stale, and
    the shared map of who is away today."""
    from django.core.cache import cache

    _current[0] = next(_generation)
    cache.delete(AWAY_KEY.format(day=timezone.localdate().isoformat()))


def away_today() -> dict:
    """{absent person's id: their B's id or None} for today, shared by every request
    through the cache (most have nobody away: no query per request for that)."""
    from django.core.cache import cache

    key = AWAY_KEY.format(day=timezone.localdate().isoformat())
    found = cache.get(key)
    if found is None:
        found = dict(Absence.objects.filter(away_q()).values_list(
            "user_id", "user__staff_profile__backup_id"))
        cache.set(key, found, AWAY_TTL)
    return found


def _today(on=None) -> datetime.date:
    return on or timezone.localdate()


def away_q(on=None, prefix="") -> Q:
    day = _today(on)
    return Q(**{f"{prefix}starts_on__lte": day, f"{prefix}ends_on__gte": day,
                f"{prefix}ended_at__isnull": True})


def current_absence(user, on=None) -> Absence | None:
    if user is None or getattr(user, "pk", None) is None:
        return None
    return Absence.objects.filter(away_q(on), user=user).order_by("ends_on").last()


def is_absent(user, on=None) -> bool:
    return current_absence(user, on) is not None


def backup_of(user):
    profile = StaffProfile.objects.filter(user=user).select_related("backup").first()
    return profile.backup if profile else None


def represented_ids(user) -> frozenset:
    """The ids of the absent people whose B ``user`` is now (and is not away)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "_own_right",
                                                               False):
        return frozenset()
    key = (_current[0], timezone.localdate())
    cached = getattr(user, "_represented", None)
    if cached is None or cached[0] != key:
        away = away_today()
        ids = frozenset() if user.pk in away else frozenset(
            a for a, b in away.items() if b == user.pk)
        cached = (key, ids)
        user._represented = cached
    return cached[1]


def acts_for(user, assignee) -> bool:
    """``user`` is ``assignee`` (a user or an id), or stands in for them now."""
    assignee_id = getattr(assignee, "pk", assignee)
    if user is None or assignee_id is None:
        return False
    return assignee_id == user.pk or assignee_id in represented_ids(user)


def acting_ids(user) -> list:
    """``user`` and everyone ``user`` stands in for now: for ``__in`` filters."""
    return [user.pk, *sorted(represented_ids(user))]


@contextlib.contextmanager
def own_right(user):
    """Inside: ``user`` stands in for nobody (is this allowed without AB角?)."""
    before = getattr(user, "_own_right", False)
    user._own_right = True
    try:
        yield
    finally:
        user._own_right = before


def on_behalf_of(user, record, allowed) -> object | None:
    """The absent person ``user`` acts for on ``record``: None when ``allowed()``
    holds in ``user``'s own right, or when ``user`` stands in for nobody here."""
    represented = represented_ids(user) if user is not None else frozenset()
    if not represented:
        return None
    with own_right(user):
        if allowed():
            return None
    owner = _owner_field(record)
    fields = [f for f in record._meta.concrete_fields
              if f.is_relation and f.related_model is get_user_model()]
    fields.sort(key=lambda f: f.name != owner)
    for field in fields:
        if getattr(record, field.attname) in represented:
            return getattr(record, field.name)
    return None


def _owner_field(record):
    clock = getattr(type(record), "clock", None)
    return clock.owner(record).field if clock is not None else None


def on_behalf_steps(record) -> list[str]:
    """The steps of ``record`` a stand-in took, as its history says them, oldest
    first: "2026-12-02 14:05 签收：由 李四 代 张三 办理" (for the PDFs)."""
    history = getattr(record, "history", None)
    if history is None or record.pk is None:
        return []
    from .transitions import transition_label

    rows = history.filter(history_remark__startswith="由 ",
                          history_remark__contains=" 办理").order_by(
        "history_date").values_list("history_date", "history_change_reason",
                                    "history_remark")
    return [f"{timezone.localtime(at):%Y-%m-%d %H:%M} "
            f"{transition_label(type(record), reason) if reason else ''}："
            f"{remark.split('；')[0]}" for at, reason, remark in rows
            if " 代 " in remark]


def on_behalf_remark(user, principal, remark: str = "") -> str:
    """The history's words for a step B took for A: 由 B 代 A 办理."""
    if principal is None:
        return remark
    said = f"由 {display_name(user)} 代 {display_name(principal)} 办理"
    return f"{said}；{remark}" if remark else said


def stand_ins(user_ids, on=None) -> dict:
    """{absent id: B id} for those of ``user_ids`` away now whose B is not away."""
    rows = dict(StaffProfile.objects.filter(
        user__absences__in=Absence.objects.filter(away_q(on)),
        user_id__in=list(user_ids), backup__isnull=False).values_list(
            "user_id", "backup_id"))
    if not rows:
        return {}
    away = set(Absence.objects.filter(away_q(on), user_id__in=rows.values())
               .values_list("user_id", flat=True))
    return {a: b for a, b in rows.items() if b not in away}


def backup_refusal(user, backup) -> str:
    """Why ``backup`` cannot be ``user``'s B ("" when it can): not oneself, an active
    staff member, and no loop (A→B→…→A)."""
    if backup is None:
        return ""
    if backup.pk == user.pk:
        return "不能指定本人为自己的B角。"
    if not backup.is_active:
        return "B角须是在职的工作人员。"
    seen, current = {user.pk}, backup
    path = [display_name(user), display_name(backup)]
    while current is not None:
        if current.pk in seen:
            return ("不能这样指定：B角链条会形成循环（" + "→".join(path) +
                    "），请另选一位同事。")
        seen.add(current.pk)
        current = backup_of(current)
        if current is not None:
            path.append(display_name(current))
    return ""


def absent_until(user_ids, on=None) -> dict:
    """{id: last day away} of those of ``user_ids`` away now (pickers)."""
    out = {}
    for uid, ends in Absence.objects.filter(away_q(on), user_id__in=list(user_ids)
                                            ).values_list("user_id", "ends_on"):
        out[uid] = max(ends, out.get(uid, ends))
    return out


def candidate_label(user, open_count, away_until=None) -> str:
    """A picker's words: 李工程师（在办 3 件）, or 周工程师（请假至 12月5日）."""
    if away_until is not None:
        return f"{display_name(user)}（请假至 {away_until.month}月{away_until.day}日）"
    return f"{display_name(user)}（在办 {open_count} 件）"
