"""The one path every state change takes.

``run_transition`` locks the row, checks that it is still in the state the user saw,
checks the permission, runs the transition method, saves once with the history user,
the transition's name and the remark, and registers side effects to run after commit.
Every caller (page, tablet, admin action, management command) goes through a service
that calls it.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import (
    ConcurrentTransition,
    TransitionNotAllowed,
    can_proceed,
)

from . import standin

STATE_FIELD = "state"
# History rows that no transition wrote: their change reason and how it is shown.
EVENT_LABELS = {"recompute_calendar": "节假日确认后重算时限",
                "handover_accept": "接收转交"}


class TransitionError(Exception):
    """A refused transition; ``message`` is shown to the user as it is (Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionRefused(TransitionError):
    pass


class ConcurrentChange(TransitionError):
    pass


def fsm_permission(check: Callable) -> Callable:
    """Adapt a ``can_<verb>_<model>(user, obj)`` function to django-fsm's
    (obj, user)."""

    def permission(instance, user):
        return bool(check(user, instance))

    permission.__name__ = getattr(check, "__name__", "permission")
    permission.check = check  # the verb tables name the same function
    return permission


def _state_field(model):
    return model._meta.get_field(STATE_FIELD)


def state_label(obj) -> str:
    return obj.get_state_display()


def transition_label(model, name: str) -> str:
    for t in _state_field(model).get_all_transitions(model):
        if t.name == name:
            return t.custom.get("label", name)
    return EVENT_LABELS.get(name, name)


def available_transitions(obj, user) -> list[dict]:
    """Transitions this user may run on this record now: what the buttons show."""
    getter = getattr(obj, f"get_available_user_{STATE_FIELD}_transitions")
    seen, result = set(), []
    for t in getter(user):
        if t.name in seen or t.custom.get("system"):
            continue
        seen.add(t.name)
        result.append({"name": t.name, "label": t.custom.get("label", t.name),
                       "style": t.custom.get("style", "")})
    return result


def blocked_transitions(obj, user) -> list[dict]:
    """Transitions this user could run from this state but whose conditions are not
    met, each with what is missing (the condition's message), so that an expected
    action is never silently absent from a page. One entry per distinct reason."""
    current = getattr(obj, STATE_FIELD)
    reasons, result = set(), []
    for t in _state_field(type(obj)).get_all_transitions(type(obj)):
        if (t.source not in (current, "*") or t.custom.get("system")
                or not t.has_perm(obj, user)):
            continue
        reason = next((getattr(c, "message", "") for c in t.conditions if not c(obj)),
                      None)
        if reason and reason not in reasons:
            reasons.add(reason)
            result.append({"name": t.name, "label": t.custom.get("label", t.name),
                           "reason": reason})
    return result


def unavailable_reason(obj, name: str, user) -> str:
    """Why transition ``name`` cannot run on ``obj`` for ``user`` now (Chinese)."""
    label = transition_label(type(obj), name)
    method = getattr(obj, name)
    if not can_proceed(method, check_conditions=False):
        return f"当前状态「{state_label(obj)}」不能执行「{label}」。"
    if not method._django_fsm.has_transition_perm(obj, getattr(obj, STATE_FIELD), user):
        return f"您没有权限执行「{label}」。"
    return _unmet_conditions(obj, name, label)


def form_refused(request, obj, name: str, record_url: str):
    """For every transition form view: a GET of a form that cannot apply to this
    record now (wrong state, no permission, a condition unmet) goes back to the record
    with the reason, instead of showing a form whose submit would only be refused.
    Returns that redirect, or None when the form may be shown (or on POST, where the
    service gives the reason and keeps the input)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if request.method == "POST" or name in {
            a["name"] for a in available_transitions(obj, request.user)}:
        return None
    messages.error(request, unavailable_reason(obj, name, request.user))
    return redirect(record_url)


def run_transition(
    obj,
    name: str,
    user,
    remark: str = "",
    *,
    expected_state: str | None = None,
    after_commit: Iterable[Callable] = (),
    **kwargs,
):
    """Run transition ``name`` on ``obj`` as ``user``; return the saved, fresh record.

    ``expected_state`` is the state the user saw; if someone else moved the record in
    the meantime, the user is told instead of acting on a record they did not see.
    ``kwargs`` go to the transition method. ``after_commit`` callables receive the
    saved record once the transaction has committed. A step a stand-in takes for an
    absent colleague (AB角) is recorded "由 B 代 A 办理" and ``record.acting_for``
    names A.
    """
    model = type(obj)
    label = transition_label(model, name)
    try:
        with transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, STATE_FIELD)
            if expected_state is not None and current != expected_state:
                raise ConcurrentChange(
                    f"该记录刚被他人处理，当前状态为「{state_label(locked)}」，"
                    "请刷新页面后再操作。"
                )
            method = getattr(locked, name)
            if not can_proceed(method, check_conditions=False):
                raise TransitionRefused(
                    f"当前状态「{state_label(locked)}」不能执行「{label}」。"
                )
            def allowed():
                return method._django_fsm.has_transition_perm(locked, current, user)

            if not allowed():
                raise TransitionRefused(f"您没有权限执行「{label}」。")
            if not can_proceed(method):
                raise TransitionRefused(_unmet_conditions(locked, name, label))
            principal = standin.on_behalf_of(user, locked, allowed)  # AB角
            method(user=user, **kwargs)
            locked._history_user = user
            locked._change_reason = name
            locked._history_remark = standin.on_behalf_remark(user, principal, remark)
            locked.acting_for = principal
            locked.save()
            transaction.on_commit(_queues_changed)
            for callback in after_commit:
                transaction.on_commit(lambda cb=callback: cb(locked))
    except ValidationError as exc:
        raise TransitionRefused("；".join(exc.messages)) from exc
    except TransitionNotAllowed as exc:
        raise TransitionRefused(f"当前状态不能执行「{label}」。") from exc
    except ConcurrentTransition as exc:
        raise ConcurrentChange("该记录刚被他人修改，请刷新页面后再操作。") from exc
    finally:
        for attr in ("_change_reason", "_history_remark"):
            if hasattr(obj, attr):
                delattr(obj, attr)
    return locked


def _queues_changed():
    from .workqueue import bump

    bump()


def _unmet_conditions(obj, name: str, label: str) -> str:
    for t in _state_field(type(obj)).get_all_transitions(type(obj)):
        if t.name == name and t.source in (getattr(obj, STATE_FIELD), "*"):
            for condition in t.conditions:
                if not condition(obj):
                    return getattr(condition, "message",
                                   f"条件不满足，不能执行「{label}」。")
    return f"条件不满足，不能执行「{label}」。"


def create_record(obj, user, name: str = "create", remark: str = "",
                  after_commit: Iterable[Callable] = ()):
    """Save a new record once, with the history user and the creating verb's name."""
    with transaction.atomic():
        obj._history_user = user
        obj._change_reason = name
        obj._history_remark = remark or ""
        obj.save()
        transaction.on_commit(_queues_changed)
        for callback in after_commit:
            transaction.on_commit(lambda cb=callback: cb(obj))
    for attr in ("_change_reason", "_history_remark"):
        if hasattr(obj, attr):
            delattr(obj, attr)
    return obj


def require(**values):
    """In a transition method: one Chinese message naming every missing value (None or
    empty; a 0 or False is a value)."""
    missing = [label for label, value in values.items()
               if value is None or (hasattr(value, "__len__") and len(value) == 0)]
    if missing:
        raise ValidationError("请填写：" + "、".join(missing) + "。")


def refuse_unless(allowed: bool, message: str = "您没有权限执行此操作。") -> None:
    """In a service: refuse (a Chinese message, nothing written) unless allowed."""
    if not allowed:
        raise TransitionRefused(message)


def condition(message: str):
    """Mark a transition condition with the message shown when it is not met."""

    def decorate(func):
        func.message = message
        return func

    return decorate
