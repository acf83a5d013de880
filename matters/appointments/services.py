"""One function per use case of an appointment (预约): book, approve / decline a 绿色
通道 booking, arrive, miss, cancel, and the sweep's lapse. Each goes through the
shared runner, so every step is in the history with who, when and the remark."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from servicecenter.models import Notification, Party
from servicecenter.notify import notify
from servicecenter.numbering import next_number
from servicecenter.roles import LEADER, role_users
from servicecenter.transitions import (
    TransitionError,
    TransitionRefused,
    create_record,
    refuse_unless,
    run_transition,
)

from ..models.appointment import (
    HOLDING_STATES,
    Appointment,
    AppointmentChannel,
    AppointmentState,
    BookingRule,
)
from . import permissions as perms
from .slots import find_slot, in_office_hours

PREFIX = "YY"  # 预约: YY2026-00001
BATCH = 500


def find_or_create_party(user, name: str, phone: str) -> Party:
    """The citizen, looked up by phone (and name) before a new record is made, as
    every intake does (one record per citizen)."""
    name, phone = (name or "").strip(), (phone or "").strip()
    refuse_unless(bool(name and phone), "请填写预约人姓名和联系电话。")
    found = (Party.objects.filter(Q(phone=phone) | Q(phone2=phone), name=name)
             .order_by("pk").first())
    if found is not None:
        return found
    party = Party(name=name[:100], phone=phone)
    try:
        party.full_clean()
    except ValidationError as exc:
        raise TransitionRefused("；".join(exc.messages)) from exc
    party._history_user = user
    party.save()
    return party


def _rule_of(item):
    window = item.window
    rule = (BookingRule.objects.select_for_update().filter(
        window=window, is_active=True, window__is_active=True).first()
        if window is not None else None)
    refuse_unless(rule is not None, f"“{item.name}”的受理窗口未开放预约。")
    return rule


def _check_item(item, situation):
    version = item.current_version
    refuse_unless(item.is_active and version is not None,
                  "该事项已停用或尚未发布，不能预约。")
    refuse_unless(situation is None or situation.version_id == version.pk,
                  "所选办理情形不属于该事项的现行版本。")


def _check_day(rule, start, now=None):
    now = now or timezone.now()
    refuse_unless(start > now, "不能预约已经过去的时间。")
    last = timezone.localdate() + datetime.timedelta(days=rule.days_ahead)
    refuse_unless(timezone.localtime(start).date() <= last,
                  f"最多可提前{rule.days_ahead}天预约（至{last:%Y-%m-%d}）。")


def _slot_or_green(rule, item, start, end):
    """(start, end, green): a slot of the office hours, or a 绿色通道 time outside
    them; anything else is refused with the reason."""
    slot = find_slot(rule, start)
    if slot is not None:
        return slot[0], slot[1], False
    if not item.green_channel:
        raise TransitionRefused("所选时间不是可预约的时段（办公时间内、工作日），"
                                "请从空闲时段中选择。非办公时间仅绿色通道事项可预约。")
    refuse_unless(end is not None and end > start, "绿色通道预约请填写结束时间。")
    refuse_unless(end - start <= datetime.timedelta(hours=4),
                  "绿色通道预约一次最长4小时。")
    refuse_unless(not in_office_hours(start, end),
                  "所选时间与办公时间重叠；办公时间内请选择空闲时段预约。")
    return start, end, True


def _check_capacity(rule, start, end):
    taken = (Appointment.objects.filter(window_id=rule.window_id, starts_at=start,
                                        green_channel=False,
                                        state__in=HOLDING_STATES).count())
    if taken >= rule.capacity:
        raise TransitionRefused(
            f"该时段（{timezone.localtime(start):%m月%d日 %H:%M}–"
            f"{timezone.localtime(end):%H:%M}）已约满（每时段限{rule.capacity}人），"
            "请选择其他时段。")


def book_appointment(user, *, item, party, starts_at, ends_at=None, situation=None,
                     channel=AppointmentChannel.PHONE, reason="", note="",
                     now=None):
    """— → booked (a slot in office hours, within its capacity) or requested (a 绿色通道
    item outside office hours, until a leader approves). A full slot is refused and
    nothing is written. ``now``: the moment of booking (the demo books a morning
    that has passed)."""
    refuse_unless(perms.can_book_appointment(user), "只有窗口工作人员可以登记预约。")
    _check_item(item, situation)
    refuse_unless(channel in AppointmentChannel.values, "请选择预约方式。")
    with transaction.atomic():
        rule = _rule_of(item)  # row lock: one booking per window at a time
        _check_day(rule, starts_at, now)
        start, end, green = _slot_or_green(rule, item, starts_at, ends_at)
        if green:
            refuse_unless(bool((reason or "").strip()),
                          "绿色通道预约请填写事由（急需审批服务的原因）。")
        else:
            _check_capacity(rule, start, end)
        appt = Appointment(
            item=item, situation=situation, window=rule.window, party=party,
            starts_at=start, ends_at=end, channel=channel, green_channel=green,
            reason=(reason or "").strip()[:200], note=(note or "").strip()[:200],
            booked_by=user,
            state=AppointmentState.REQUESTED if green else AppointmentState.BOOKED)
        appt.number = next_number(PREFIX, timezone.localtime(start).year)
        remark = f"绿色通道预约，待领导批准；事由：{appt.reason}" if green else note
        create_record(appt, user, name="book", remark=remark,
                      after_commit=[_ask_leaders] if green else [])
    return appt


def _url(appt) -> str:
    return reverse("matters:appointment", args=[appt.pk])


def _when(appt) -> str:
    return (f"{timezone.localtime(appt.starts_at):%Y年%m月%d日 %H:%M}–"
            f"{timezone.localtime(appt.ends_at):%H:%M}")


def _ask_leaders(appt):
    notify(role_users(LEADER), Notification.Kind.HANDOFF,
           f"绿色通道预约待批准：{appt.number}",
           f"{appt.item.name}，{_when(appt)}（办公时间外，需延时加班服务）。"
           f"事由：{appt.reason}", url=_url(appt), record=appt, event="green")


def _tell_booker(verb):
    def run(appt):
        if appt.booked_by_id:
            notify([appt.booked_by_id], Notification.Kind.INFO,
                   f"绿色通道预约{verb}：{appt.number}",
                   f"{appt.item.name}，{_when(appt)}。请告知预约人。",
                   url=_url(appt), record=appt, event=f"green-{verb}")
    return run


def approve_appointment(appt, user, *, expected_state=None, remark=""):
    """requested → booked: the leader approves the overtime service."""
    return run_transition(appt, "approve", user, remark or "同意绿色通道延时服务",
                          expected_state=expected_state,
                          after_commit=[_tell_booker("已批准")])


def decline_appointment(appt, user, *, reason="", expected_state=None):
    return run_transition(appt, "decline", user, reason, reason=reason,
                          expected_state=expected_state,
                          after_commit=[_tell_booker("未获批准")])


def arrive_appointment(appt, user, *, expected_state=None, remark=""):
    return run_transition(appt, "arrive", user, remark, expected_state=expected_state)


def miss_appointment(appt, user, *, expected_state=None, remark=""):
    return run_transition(appt, "miss", user, remark or "预约人未到",
                          expected_state=expected_state)


def cancel_appointment(appt, user, *, reason="", expected_state=None):
    return run_transition(appt, "cancel", user, reason, reason=reason,
                          expected_state=expected_state)


def lapse_appointments(now) -> dict:
    """The sweep: every booked appointment whose slot has ended is recorded missed
    (逾时未到), through the runner so it is in the history."""
    due = (Appointment.objects.filter(state=AppointmentState.BOOKED, ends_at__lte=now)
           .order_by("ends_at", "id")[:BATCH])
    missed = 0
    for appt in due:
        try:
            run_transition(appt, "lapse", None, "预约时段已结束，预约人未到场",
                           expected_state=AppointmentState.BOOKED)
        except TransitionError:  # marked by the window meanwhile
            continue
        missed += 1
    return {"appointments_missed": missed}
