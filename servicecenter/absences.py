"""AB角 use cases: name a B, mark someone absent, end the absence early; the notices
of a stand-in period starting (the sweep sends those of periods that start later)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Department, Notification
from .notify import notify
from .people import display_name
from .roles import MANAGER, has_role
from .staff import Absence, StaffProfile
from .standin import away_q, backup_of, backup_refusal, is_absent
from .transitions import TransitionRefused, refuse_unless


def heads_of(user) -> list:
    """The heads of the departments ``user`` belongs to (not ``user``)."""
    return [d.head for d in Department.objects.filter(members=user, head__isnull=False)
            .select_related("head") if d.head_id != user.pk]


def can_manage_standin(actor, person) -> bool:
    """The person, their department head, a manager (and the superuser)."""
    if not getattr(actor, "is_authenticated", False) or person is None:
        return False
    if actor.pk == person.pk or has_role(actor, MANAGER) or actor.is_superuser:
        return True
    return Department.objects.filter(members=person, head=actor).exists()


def set_backup(actor, person, backup) -> StaffProfile:
    refuse_unless(can_manage_standin(actor, person), "您不能修改该同事的AB角设置。")
    message = backup_refusal(person, backup)
    if message:
        raise TransitionRefused(message)
    profile, _ = StaffProfile.objects.get_or_create(user=person)
    profile.backup = backup
    profile.save()
    return profile


def period(absence) -> str:
    def day(d):
        return f"{d.month}月{d.day}日"

    return f"{day(absence.starts_on)}至{day(absence.ends_on)}"


def mark_absent(actor, person, *, starts_on, ends_on, reason) -> Absence:
    """A is away from ``starts_on`` to ``ends_on`` (inclusive): B acts for A."""
    refuse_unless(can_manage_standin(actor, person), "您不能为该同事登记请假。")
    if not reason or not reason.strip():
        raise TransitionRefused("请填写请假事由。")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise TransitionRefused("截止日期不能早于起始日期。")
    if ends_on < timezone.localdate():
        raise TransitionRefused("截止日期已过，无需登记。")
    with transaction.atomic():
        overlapping = Absence.objects.select_for_update().filter(
            user=person, ended_at__isnull=True, starts_on__lte=ends_on,
            ends_on__gte=starts_on)
        if overlapping.exists():
            raise TransitionRefused("该时段已有请假登记，请先销假或修改原登记。")
        absence = Absence.objects.create(user=person, starts_on=starts_on,
                                         ends_on=ends_on, reason=reason.strip(),
                                         created_by=actor)
        transaction.on_commit(_changed)
        transaction.on_commit(lambda: notify_started())
    return absence


def end_absence(actor, absence) -> Absence:
    """A is back: B's authority ends now (销假)."""
    refuse_unless(can_manage_standin(actor, absence.user), "您不能为该同事销假。")
    with transaction.atomic():
        locked = Absence.objects.select_for_update().get(pk=absence.pk)
        if locked.ended_at is not None:
            raise TransitionRefused("该请假已销假。")
        today = timezone.localdate()
        if locked.starts_on > today:
            locked.ends_on = max(locked.starts_on, today)
        locked.ended_at = timezone.now()
        locked.save()
        transaction.on_commit(_changed)
    return locked


def _changed():
    from .workqueue import bump

    bump()


def notify_started(now=None) -> dict:
    """Tell each B whose stand-in period has begun (once per absence); when there is
    no B, or B is away too, tell A's department head that nobody stands in."""
    today = timezone.localdate(now) if now else timezone.localdate()
    started = Absence.objects.filter(away_q(today), start_notified=False
                                     ).select_related("user").order_by("pk")
    told = unattended = 0
    for absence in started:
        if _tell_start(absence, today):
            told += 1
        else:
            unattended += 1
        _tell_orphans(absence, today)
        Absence.objects.filter(pk=absence.pk).update(start_notified=True)
    return {"stand_in_started": told, "stand_in_missing": unattended}


def _tell_start(absence, today: datetime.date) -> bool:
    person, backup = absence.user, backup_of(absence.user)
    event, url = f"absence:{absence.pk}", reverse("standin")
    name = display_name(person)
    if backup is not None and not is_absent(backup, today):
        notify([backup], Notification.Kind.HANDOFF,
               f"{name}请假（{period(absence)}），由您代为办理",
               body=f"事由：{absence.reason}。其待办已列入您的工作台。",
               url=reverse("home"), event=event)
        return True
    why = (f"其B角{display_name(backup)}也不在岗" if backup is not None
           else "未指定B角")
    notify(heads_of(person), Notification.Kind.HANDOFF,
           f"{name}请假（{period(absence)}）期间无人代办",
           body=f"{why}，请另行安排或改派其待办事项。", url=url, event=event)
    return False


def _tell_orphans(absence, today: datetime.date) -> None:
    """Those away whose B is the person now away: nobody acts for them."""
    name, url = display_name(absence.user), reverse("standin")
    those = Absence.objects.filter(  # those not yet told say so themselves
        away_q(today), user__staff_profile__backup=absence.user, start_notified=True)
    for absent_a in those.select_related("user"):
        notify(heads_of(absent_a.user), Notification.Kind.HANDOFF,
               f"{display_name(absent_a.user)}请假期间无人代办",
               body=f"其B角{name}也已请假（{period(absence)}）。", url=url,
               event=f"absence:{absent_a.pk}:{absence.pk}")
