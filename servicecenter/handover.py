"""转交 (首问负责制, SPEC 1.8 and 1.12): one mechanism for every intake.

The holder of an open intake record (its first receiver, until someone accepted it)
hands it to a window, a department or a named person with a note. The receiving
people (the window's staff, the department's members and head, or the person), as far
as they may view the record, accept it (接收: the record's holder field, registered in
``registry.register_handover``, becomes theirs) or refuse it with a reason (退回: it
stays where it was). The one who handed it over may withdraw it while it waits.

Until then it is on both 工作台s; each step is on the record's timeline and tells the
other side once, after commit. The first receiver stays 首问责任人 (the first
handover's ``from_user``) and keeps seeing the record: each process's visibility rule
adds ``involved_q`` (never for a record its rule keeps confidential).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from . import registry
from .handover_models import Handover
from .people import display_name
from .roles import ALL_ROLES, is_staff_member
from .transitions import TransitionRefused, refuse_unless, run_transition

State = Handover.State
KIND = "handover"  # Notification.Kind.HANDOVER
NOT_HOLDER = ("您不是该记录的首问责任人（当前承办人），或该记录已办结、已在转交中，"
              "不能转交。")


# -- who receives --------------------------------------------------------------------
def staff_users():
    """Every active person who may be handed a matter: a member of a role."""
    return (get_user_model().objects.filter(is_active=True, groups__name__in=ALL_ROLES)
            .distinct().order_by("first_name", "username"))


def target_people(target) -> list:
    """The people of a window, a department (members and head) or one person."""
    from .models import Department, Window

    if isinstance(target, Window):
        qs = target.staff.all()
    elif isinstance(target, Department):
        qs = get_user_model().objects.filter(
            Q(departments=target) | Q(headed_departments=target))
    else:
        return [target] if target is not None and target.is_active else []
    return list(qs.filter(is_active=True).distinct())


def receivers(handover) -> list:
    """The people who may accept or refuse it: the target's people, except the one
    who handed it over, who may view the record."""
    record = handover.record
    return [u for u in target_people(handover.target)
            if u.pk != handover.from_user_id and registry.may_view(u, record)]


# -- the records, and who is involved ------------------------------------------------
def spec_of(record):
    return registry.handover_spec(record)


def holder_id(record):
    return getattr(record, f"{spec_of(record).holder}_id")


def record_url(record) -> str:
    return reverse(spec_of(record).url_name, args=[record.pk])


def of_record(record):
    ct = ContentType.objects.get_for_model(record)
    return (Handover.objects.filter(content_type=ct, object_id=record.pk)
            .select_related("from_user", "decided_by", "to_user", "to_window",
                            "to_department"))


def page_rows(record) -> list:
    """The record's handovers in order, read once for a page (its panel, buttons and
    timeline share them, cached on this instance); the services read afresh."""
    rows = getattr(record, "_handover_rows", None)
    if rows is None:
        rows = record._handover_rows = list(of_record(record).order_by("created_at",
                                                                       "id"))
    return rows


def pending_of(record, rows=None):
    if rows is not None:
        return next((h for h in rows if h.is_pending), None)
    return of_record(record).filter(state=State.PENDING).first()


def first_receiver(record, rows=None):
    """首问责任人: who handed it over first, else its holder (nobody handed it)."""
    if rows is not None:
        first = rows[0] if rows else None
    else:
        first = of_record(record).order_by("created_at", "id").first()
    return first.from_user if first else getattr(record, spec_of(record).holder)


def _addressed_to(user) -> Q:
    return (Q(to_user=user) | Q(to_window__staff=user)
            | Q(to_department__members=user) | Q(to_department__head=user))


def involved_q(model, user) -> Q:
    """Records of ``model`` this user handed over, decided, or is asked to accept:
    the part each visibility rule adds (SPEC 1.8: the first receiver sees how the
    matter went on)."""
    if not is_staff_member(user):
        return Q(pk__in=[])
    ct = ContentType.objects.get_for_model(model)
    mine = (Q(from_user=user) | Q(decided_by=user)
            | (Q(state=State.PENDING) & _addressed_to(user)))
    ids = Handover.objects.filter(mine, content_type=ct).values("object_id")
    return Q(pk__in=ids)


def is_involved(user, record) -> bool:
    """``involved_q`` for one record (the can_view_<model> functions use it)."""
    return type(record)._default_manager.filter(
        involved_q(type(record), user), pk=record.pk).exists()


# -- permissions ---------------------------------------------------------------------
def _is_open(record) -> bool:
    clock = registry.clocks.get(type(record))
    return clock.is_open(record) if clock is not None else True


def can_hand_over(user, record, rows=None, seen=False) -> bool:
    """The record's holder (its first receiver until someone accepted it), while the
    record is open, may be seen by them and waits on no other handover. ``seen``: the
    caller is the record's page, which checked the record's view rule already."""
    return (spec_of(record) is not None and is_staff_member(user)
            and holder_id(record) == user.pk and _is_open(record)
            and pending_of(record, rows) is None
            and (seen or bool(registry.may_view(user, record))))


def can_accept_handover(user, handover) -> bool:
    return handover.is_pending and user.pk in {u.pk for u in receivers(handover)}


can_refuse_handover = can_accept_handover


def can_withdraw_handover(user, handover) -> bool:
    return handover.is_pending and handover.from_user_id == user.pk


def actions(record, user, rows=None) -> list[dict]:
    """The handover buttons this user has on this record's page (``rows`` given: the
    page itself, which checked the user may view the record)."""
    pending = pending_of(record, rows)
    if pending is None:
        if can_hand_over(user, record, rows, seen=rows is not None):
            return [{"label": "转交", "url": _url("handover_create", record),
                     "style": "secondary"}]
        return []
    out = []
    if can_accept_handover(user, pending):
        out += [{"label": "接收", "url": reverse("handover_accept", args=[pending.pk]),
                 "style": "", "post": True},
                {"label": "退回", "url": reverse("handover_refuse", args=[pending.pk]),
                 "style": "secondary"}]
    if can_withdraw_handover(user, pending):
        out.append({"label": "撤回转交", "style": "secondary", "post": True,
                    "url": reverse("handover_withdraw", args=[pending.pk])})
    return out


def _url(name, record) -> str:
    return reverse(name, args=[record._meta.label_lower, record.pk])


# -- services ------------------------------------------------------------------------
def hand_over(record, user, target, note: str) -> Handover:
    """Hand ``record`` to ``target`` (a Window, Department or user) with a note; the
    receivers are told after commit. Refused when the user may not, or when nobody
    there may view the record (a confidential petition)."""
    model = type(record)
    with transaction.atomic():
        record = model._default_manager.select_for_update().get(pk=record.pk)
        refuse_unless(can_hand_over(user, record), NOT_HOLDER)
        handover = Handover(record=record, from_user=user, note=note.strip())
        _set_target(handover, target)
        try:
            with transaction.atomic():
                handover.save()
        except IntegrityError:
            raise TransitionRefused("该记录已有待接收的转交，请刷新页面。") from None
        people = receivers(handover)  # the saved row widens the rule, if it may
        refuse_unless(bool(people), "所选对象中没有可以查看该记录的人员"
                      "（揭发控告类信访只能转交给有权查看的人员），不能转交。")
        _after_commit(lambda: _tell_receivers(handover, people))
    return handover


def _set_target(handover, target) -> None:
    from .models import Department, Window

    if isinstance(target, Window):
        handover.to_window = target
    elif isinstance(target, Department):
        handover.to_department = target
    else:
        refuse_unless(target is not None and target.pk != handover.from_user_id,
                      "不能转交给自己。")
        handover.to_user = target


def accept_handover(handover, user) -> Handover:
    """The record becomes the accepting person's (its holder field); the one who
    handed it over is told."""
    with transaction.atomic():
        handover = _decide(handover, user, "accept")
        record = handover.record
        model = type(record)
        record = model._default_manager.select_for_update().get(pk=record.pk)
        setattr(record, spec_of(record).holder, user)
        record._history_user = user
        record._change_reason = "handover_accept"
        record._history_remark = (f"{display_name(user)}接收"
                                  f"{display_name(handover.from_user)}的转交")
        record.save()
        _after_commit(lambda: _tell_sender(handover, "已接收"))
    return handover


def refuse_handover(handover, user, reason: str) -> Handover:
    """Back to the one who handed it over, with the reason; they are told."""
    refuse_unless(bool(reason and reason.strip()), "请填写退回理由。")
    with transaction.atomic():
        handover = _decide(handover, user, "refuse", reason=reason.strip())
        _after_commit(lambda: _tell_sender(handover, "已退回"))
    return handover


def withdraw_handover(handover, user) -> Handover:
    with transaction.atomic():
        return _decide(handover, user, "withdraw")


def _decide(handover, user, verb, **kwargs):
    return run_transition(handover, verb, user, expected_state=State.PENDING,
                          **kwargs)


def _after_commit(fn) -> None:
    from .workqueue import bump

    transaction.on_commit(bump)
    transaction.on_commit(fn)


# -- notices -------------------------------------------------------------------------
def _describe(record) -> str:
    return f"{spec_of(record).label} {getattr(record, 'number', record.pk)}"


def _tell_receivers(handover, people) -> None:
    from .notify import notify

    record = handover.record
    notify(people, KIND, f"待接收转交：{_describe(record)}",
           f"{display_name(handover.from_user)}转交给{handover.target_label}："
           f"{handover.note}", record_url(record), record=record,
           due_at=handover.created_at)


def _tell_sender(handover, outcome: str) -> None:
    from .notify import notify

    record = handover.record
    body = f"{display_name(handover.decided_by)}{outcome}。"
    if handover.refuse_reason:
        body += f"理由：{handover.refuse_reason}"
    notify([handover.from_user], KIND, f"转交{outcome}：{_describe(record)}", body,
           record_url(record), record=record, due_at=handover.decided_at)
