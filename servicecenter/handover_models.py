"""转交 (首问负责制) and 来电/来访登记: the rows behind servicecenter.handover and
servicecenter.enquiries (imported by servicecenter.models)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .models import Department, Window
from .transitions import fsm_permission
from .validators import validate_phone

USER = settings.AUTH_USER_MODEL


def _user(label, **kwargs):
    return models.ForeignKey(USER, verbose_name=label, on_delete=models.PROTECT,
                             related_name="+", **kwargs)


class Target(models.Model):
    """Where a matter is passed: a window, a department or a named person (one)."""

    to_window = models.ForeignKey(Window, verbose_name="转交窗口", null=True,
                                  blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    to_department = models.ForeignKey(Department, verbose_name="转交科室", null=True,
                                      blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    to_user = _user("转交人员", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.to_window or self.to_department or self.to_user

    @property
    def target_label(self) -> str:
        from .people import display_name

        if self.to_user_id:
            return display_name(self.to_user)
        return str(self.target or "")


def _perm(name):
    def check(user, handover):
        from . import handover as h

        return getattr(h, name)(user, handover)

    check.__name__ = name
    return fsm_permission(check)


class Handover(ConcurrentTransitionMixin, Target):
    """One 转交 of an intake record from its holder (首问责任人 on the first one) to a
    window, department or person, who accepts (接收) or refuses (退回) it."""

    class State(models.TextChoices):
        PENDING = "pending", "待接收"
        ACCEPTED = "taken_over", "已接收"
        REFUSED = "sent_back", "已退回"
        WITHDRAWN = "recalled", "已撤回"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    state = FSMField("状态", default=State.PENDING, choices=State.choices,
                     protected=True)
    from_user = _user("转交人")
    note = models.TextField("转交说明")
    created_at = models.DateTimeField("转交时间", default=timezone.now)
    decided_by = _user("处理人", null=True, blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    refuse_reason = models.TextField("退回理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "转交"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="handover_record_idx"),
                   models.Index(fields=["state", "to_user"],
                                name="handover_pending_user_idx")]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    condition=Q(state="pending"),
                                    name="handover_one_pending_per_record"),
            models.CheckConstraint(
                condition=(Q(to_window__isnull=False, to_department__isnull=True,
                             to_user__isnull=True)
                           | Q(to_window__isnull=True, to_department__isnull=False,
                               to_user__isnull=True)
                           | Q(to_window__isnull=True, to_department__isnull=True,
                               to_user__isnull=False)),
                name="handover_one_target"),
        ]

    def __str__(self):
        return f"转交至{self.target_label}（{self.get_state_display()}）"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @transition(field=state, source=State.PENDING, target=State.ACCEPTED,
                permission=_perm("can_accept_handover"), custom={"label": "接收"})
    def accept(self, *, user):
        """pending → accepted; a receiving person who may view the record; who and
        when (the service makes the record theirs)."""
        self.decided_by, self.decided_at = user, timezone.now()

    @transition(field=state, source=State.PENDING, target=State.REFUSED,
                permission=_perm("can_refuse_handover"), custom={"label": "退回"})
    def refuse(self, *, user, reason):
        """pending → refused; a receiving person; the reason (the record stays with
        the one who handed it over)."""
        self.decided_by, self.decided_at = user, timezone.now()
        self.refuse_reason = reason

    @transition(field=state, source=State.PENDING, target=State.WITHDRAWN,
                permission=_perm("can_withdraw_handover"), custom={"label": "撤回"})
    def withdraw(self, *, user):
        """pending → recalled; the one who handed it over; who and when."""
        self.decided_by, self.decided_at = user, timezone.now()


class Enquiry(Target):
    """来电/来访登记: an enquiry that is not (yet) a case, answered or passed on."""

    class Channel(models.TextChoices):
        PHONE = "phone", "来电"
        VISIT = "visit", "来访"

    channel = models.CharField("方式", max_length=10, choices=Channel.choices,
                               default=Channel.PHONE)
    caller = models.CharField("来电/来访人", max_length=60)
    phone = models.CharField("联系电话", max_length=20, blank=True,
                             validators=[validate_phone])
    organisation = models.CharField("单位", max_length=100, blank=True)
    matter = models.TextField("反映事项")
    answer = models.TextField("答复情况", blank=True)
    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    case = GenericForeignKey("case_type", "case_id")
    case_number = models.CharField("已立案编号", max_length=20, blank=True)
    received_by = _user("首问责任人（接听/接待人）")
    received_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "来电来访登记"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["phone"], name="enquiry_phone_idx"),
                   models.Index(fields=["received_at"], name="enquiry_at_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.caller} {self.received_at:%m-%d}"

    @property
    def passed_on(self) -> bool:
        return self.target is not None
