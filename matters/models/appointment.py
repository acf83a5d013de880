"""预约办理 (the centre's 预约办理制): a citizen books a slot for an item at a window,
by phone through a clerk or at the window.

Slots come from the office hours and the working-day calendar
(``matters.appointments.slots``), cut by the window's ``BookingRule``; a rest day has
none. A 绿色通道 item may be booked outside office hours (the seeds: 办公时间之外包括
节假日急需审批服务的，可事先通过电话或传真等方式预约，…给予延时加班服务): such a
booking is a request (待批准) until a leader approves it.

The state field is protected: the services run the transitions below through
``servicecenter.transitions.run_transition``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.models import Party, Window, history
from servicecenter.transitions import condition, fsm_permission

from ..appointments import permissions as perms
from .catalogue import ServiceItem, Situation


class BookingRule(models.Model):
    """How a window takes appointments: the slot length and how many citizens one
    slot holds. No rule (or an inactive one): the window takes no appointments."""

    window = models.OneToOneField(Window, verbose_name="窗口", on_delete=models.CASCADE,
                                  related_name="booking_rule")
    slot_minutes = models.PositiveSmallIntegerField("每时段（分钟）", default=30)
    capacity = models.PositiveSmallIntegerField("每时段可约人数", default=2)
    days_ahead = models.PositiveSmallIntegerField("可提前预约（天）", default=14)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "预约规则"
        ordering = ["window"]

    def __str__(self):
        return f"{self.window}：每{self.slot_minutes}分钟{self.capacity}人"

    def clean(self):
        if not 5 <= self.slot_minutes <= 240:
            raise ValidationError("每时段须在5至240分钟之间。")
        if not self.capacity:
            raise ValidationError("每时段可约人数至少为1。")


class AppointmentChannel(models.TextChoices):
    PHONE = "phone", "电话预约"
    FAX = "fax", "传真预约"
    WINDOW = "window", "窗口预约"


class AppointmentState(models.TextChoices):
    REQUESTED = "requested", "待领导批准"
    BOOKED = "booked", "已预约"
    ARRIVED = "arrived", "已到场"
    MISSED = "missed", "未到（爽约）"
    # the values are those of the application's and the extension's (one vocabulary
    # per models package: tests/servicecenter/test_state_literals.py)
    CANCELLED = "withdrawn", "已取消"
    DECLINED = "refused", "未获批准"


S = AppointmentState
# the bookings that hold a place in their slot
HOLDING_STATES = [S.REQUESTED, S.BOOKED, S.ARRIVED, S.MISSED]


@condition("预约时段尚未开始，不能记为未到。")
def slot_started(appointment) -> bool:
    return appointment.starts_at <= timezone.now()


@condition("预约时段尚未结束，系统不能记为未到。")
def slot_over(appointment) -> bool:
    return appointment.ends_at <= timezone.now()


def _user_fk(label):
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=label,
                             on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")


class Appointment(ConcurrentTransitionMixin, models.Model):
    number = models.CharField("预约号", max_length=20, unique=True)
    state = FSMField("状态", default=S.BOOKED, choices=S.choices, protected=True)
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.PROTECT,
                             related_name="appointments")
    situation = models.ForeignKey(Situation, verbose_name="办理情形", null=True,
                                  blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    window = models.ForeignKey(Window, verbose_name="窗口", on_delete=models.PROTECT,
                               related_name="appointments")
    party = models.ForeignKey(Party, verbose_name="预约人", on_delete=models.PROTECT,
                              related_name="appointments")
    starts_at = models.DateTimeField("预约开始")
    ends_at = models.DateTimeField("预约结束")
    channel = models.CharField("预约方式", max_length=10,
                               choices=AppointmentChannel.choices,
                               default=AppointmentChannel.PHONE)
    green_channel = models.BooleanField("绿色通道（办公时间外）", default=False)
    reason = models.CharField("事由", max_length=200, blank=True)
    booked_by = _user_fk("登记人")
    booked_at = models.DateTimeField("登记时间", default=timezone.now)
    approved_by = _user_fk("批准人")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    arrived_at = models.DateTimeField("到场时间", null=True, blank=True)
    missed_at = models.DateTimeField("记为未到时间", null=True, blank=True)
    missed_by = _user_fk("记为未到人")  # empty: the sweep, after the slot ended
    closed_reason = models.CharField("取消/不批准理由", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "预约"
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["window", "starts_at"], name="appt_window_start_idx"),
            models.Index(fields=["state", "ends_at"], name="appt_state_end_idx"),
            models.Index(fields=["booked_by", "starts_at"],
                         name="appt_booker_start_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.item.name}" if self.item_id else self.number

    @property
    def awaiting_approval(self) -> bool:
        """A 绿色通道 booking not yet confirmed by a leader."""
        return self.state == S.REQUESTED

    @property
    def has_arrived(self) -> bool:
        """The citizen came: the intake may start (收件)."""
        return self.state == S.ARRIVED

    # --- transitions ----------------------------------------------------------------
    @transition(field=state, source=S.REQUESTED, target=S.BOOKED,
                permission=fsm_permission(perms.can_approve_appointment),
                custom={"label": "批准（绿色通道）"})
    def approve(self, *, user):
        """requested → booked; a leader; the 绿色通道 booking outside office hours is
        confirmed (延时加班服务), who approved and when."""
        self.approved_by, self.approved_at = user, timezone.now()

    @transition(field=state, source=S.REQUESTED, target=S.DECLINED,
                permission=fsm_permission(perms.can_approve_appointment),
                custom={"label": "不予批准", "style": "secondary"})
    def decline(self, *, user, reason=""):
        """requested → declined; a leader; the reason (told to the citizen)."""
        if not (reason or "").strip():
            raise ValidationError("请填写不予批准的理由。")
        self.closed_reason = reason.strip()[:200]

    @transition(field=state, source=S.BOOKED, target=S.ARRIVED,
                permission=fsm_permission(perms.can_arrive_appointment),
                custom={"label": "已到场"})
    def arrive(self, *, user):
        """booked → arrived; the window's staff; when (the intake may start with the
        citizen and the item filled in)."""
        self.arrived_at = timezone.now()

    @transition(field=state, source=S.BOOKED, target=S.MISSED,
                permission=fsm_permission(perms.can_miss_appointment),
                conditions=[slot_started],
                custom={"label": "记为未到", "style": "secondary"})
    def miss(self, *, user):
        """booked → missed; the window's staff, once the slot has begun; who and
        when."""
        self.missed_at, self.missed_by = timezone.now(), user

    @transition(field=state, source=S.BOOKED, target=S.MISSED,
                permission=fsm_permission(perms.can_lapse_appointment),
                conditions=[slot_over],
                custom={"label": "逾时未到（系统）", "system": True})
    def lapse(self, *, user=None):
        """booked → missed; the sweep, after the slot ended; when (no one named)."""
        self.missed_at, self.missed_by = timezone.now(), None

    @transition(field=state, source=[S.REQUESTED, S.BOOKED], target=S.CANCELLED,
                permission=fsm_permission(perms.can_cancel_appointment),
                custom={"label": "取消预约", "style": "secondary"})
    def cancel(self, *, user, reason=""):
        """requested/booked → cancelled; the window's staff or the clerk who booked
        it; the reason (the citizen called to cancel, …)."""
        if not (reason or "").strip():
            raise ValidationError("请填写取消预约的原因。")
        self.closed_reason = reason.strip()[:200]
