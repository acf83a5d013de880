"""Shared domain: parties, departments, numbering, time limits, the calendar,
attachments and issued documents."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .files import RandomName
from .validators import (
    mask_id_number,
    normalize_id_number,
    validate_id_number,
    validate_phone,
)


class TransitionHistory(models.Model):
    """Extra columns on every historical table: the remark given with a transition.

    The transition's name is simple-history's ``history_change_reason``.
    """

    history_remark = models.TextField("备注", blank=True, default="")

    class Meta:
        abstract = True


def history(**kwargs) -> HistoricalRecords:
    """The audit trail every process model declares."""
    return HistoricalRecords(bases=[TransitionHistory], **kwargs)


class Department(models.Model):
    name = models.CharField("名称", max_length=60, unique=True)
    code = models.CharField("代码", max_length=20, unique=True)
    # the item coding rule's 2-letter pinyin abbreviation (民政 → MZ), see matters
    abbr = models.CharField(
        "业务代码", max_length=2, blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "业务代码须为2位大写拼音首字母。")],
        help_text="事项编码用的2位拼音首字母缩写，如民政为MZ。")
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="成员", blank=True,
        related_name="departments",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "科室"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Window(models.Model):
    """A service window (窗口) of the centre: where a citizen is served.

    Matters are handed over (转交) to a window or a department; the citizen-facing
    rating screen (评价器) is paired to a window, not to a person's login.
    """

    number = models.PositiveSmallIntegerField("窗口号", unique=True)
    name = models.CharField("名称", max_length=60)
    department = models.ForeignKey(Department, verbose_name="所属科室", null=True,
                                   blank=True, on_delete=models.PROTECT,
                                   related_name="windows")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="窗口人员",
                                   blank=True, related_name="windows")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "窗口"
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}号窗口（{self.name}）"


class Party(models.Model):
    """One record per citizen or customer: every intake looks it up first."""

    class Kind(models.TextChoices):
        PERSON = "person", "个人"
        ORGANISATION = "org", "单位"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices,
                            default=Kind.PERSON)
    name = models.CharField("姓名/名称", max_length=100)
    phone = models.CharField("电话", max_length=20, blank=True,
                             validators=[validate_phone])
    phone2 = models.CharField("备用电话", max_length=20, blank=True,
                              validators=[validate_phone])
    id_number = models.CharField(
        "身份证号", max_length=18, blank=True, validators=[validate_id_number]
    )
    organisation = models.CharField("单位", max_length=100, blank=True)
    village = models.CharField("村/社区", max_length=60, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "群众/客户"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["phone"], name="party_phone_idx"),
            models.Index(fields=["phone2"], name="party_phone2_idx"),
            models.Index(fields=["id_number"], name="party_id_number_idx"),
            models.Index(fields=["name"], name="party_name_idx"),
            # name-prefix search (LIKE '王建%') on PostgreSQL
            models.Index(fields=["name"], name="party_name_prefix_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.id_number = normalize_id_number(self.id_number)
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def id_number_for(self, user) -> str:
        from .roles import can_see_full_id_number

        return self.id_number if can_see_full_id_number(user) else self.masked_id_number


class SerialCounter(models.Model):
    """The last number handed out per record type and year (see numbering.py)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "编号计数器"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"],
                                    name="serial_prefix_year_uniq")
        ]

    def __str__(self):
        return f"{self.prefix}{self.year}: {self.value}"


class TimeLimit(models.Model):
    """A time limit per process and stage: data managers can edit, not code."""

    class Unit(models.TextChoices):
        CALENDAR_DAYS = "calendar_days", "自然日"
        WORKING_DAYS = "working_days", "工作日"
        WORKING_HOURS = "working_hours", "工作小时"

    process = models.CharField("流程", max_length=30)
    stage = models.CharField("环节", max_length=40)
    amount = models.PositiveIntegerField("时限")
    unit = models.CharField("单位", max_length=20, choices=Unit.choices)
    label = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限"
        ordering = ["process", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["process", "stage"], name="timelimit_uniq")
        ]

    def __str__(self):
        what = self.label or self.process + "/" + self.stage
        return f"{what}：{self.amount}{self.get_unit_display()}"


class CalendarYear(models.Model):
    """A year whose State Council holiday notice has been entered (confirmed)."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "已确认年度日历"
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day whose status differs from Monday–Friday: a holiday or 调休 workday."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日")
    name = models.CharField("名称", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"


class OfficeHours(models.Model):
    """The centre's office hours in one season (作息时间): a morning and an afternoon
    block on every working day; working-hour limits count only these hours."""

    name = models.CharField("季节", max_length=20)
    start_month = models.PositiveSmallIntegerField("起始月")
    start_day = models.PositiveSmallIntegerField("起始日")
    end_month = models.PositiveSmallIntegerField("截止月")
    end_day = models.PositiveSmallIntegerField("截止日")
    morning_start = models.TimeField("上午上班")
    morning_end = models.TimeField("上午下班")
    afternoon_start = models.TimeField("下午上班")
    afternoon_end = models.TimeField("下午下班")

    class Meta:
        verbose_name = verbose_name_plural = "作息时间"
        ordering = ["start_month", "start_day"]

    def __str__(self):
        return (f"{self.name} {self.start_month}月{self.start_day}日至"
                f"{self.end_month}月{self.end_day}日")

    def clean(self):
        for month, day in ((self.start_month, self.start_day),
                           (self.end_month, self.end_day)):
            try:  # a leap year, so that 2月29日 is a valid end
                datetime.date(2000, month or 0, day or 0)
            except (TypeError, ValueError):
                raise ValidationError("请填写有效的月和日。") from None
        times = [self.morning_start, self.morning_end, self.afternoon_start,
                 self.afternoon_end]
        if None not in times and not (times[0] < times[1] <= times[2] < times[3]):
            raise ValidationError("上午须早于下午，且每段的上班时间早于下班时间。")


class Attachment(models.Model):
    """A scan, photo or document attached to any record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("类别", max_length=30, default="document")
    file = models.FileField("文件", upload_to=RandomName("attachments"))
    original_name = models.CharField("原文件名", max_length=200)
    mime_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="attachment_record_idx")]

    def __str__(self):
        return self.original_name


class IssuedDocument(models.Model):
    """A PDF as it was issued to a citizen: a reprint shows the same content."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    doc_type = models.CharField("文书", max_length=40)
    title = models.CharField("标题", max_length=100)
    file = models.FileField("文件", upload_to=RandomName("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
        verbose_name="签发人",
    )
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "已出具文书"
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="issued_record_idx")]

    def __str__(self):
        return self.title


class Notification(models.Model):
    """An in-app notice (the bell); channels (e-mail, SMS) deliver copies of it."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "提醒"
        CHASE = "chase", "催办"
        ESCALATION = "escalation", "督办"
        INFO = "info", "通知"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True,
                                     blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    # The deadline the notice is about: one notice per record, kind, deadline, person.
    due_at = models.DateTimeField("所涉期限", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "created_at"], name="notice_kind_created_idx"),
            models.Index(fields=["recipient", "read_at"], name="notice_unread_idx"),
            models.Index(fields=["content_type", "object_id", "kind"],
                         name="notice_record_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "content_type", "object_id", "due_at"],
                name="notice_once_per_deadline",
            )
        ]

    def __str__(self):
        return self.title


class SweepMark(models.Model):
    """Where the deadline sweep left off for one model: its ``now`` and thresholds. The
    next sweep of the day looks only at deadlines that crossed a threshold since and at
    records saved since (their history rows); the day's first sweep looks at all."""

    model = models.CharField("记录类型", max_length=100, unique=True)  # app_label.Model
    swept_at = models.DateTimeField("上次巡检")
    remind_until = models.DateTimeField()
    escalate_before = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "期限巡检进度"

    def __str__(self):
        return f"{self.model} {self.swept_at:%Y-%m-%d %H:%M}"


class SubmitToken(models.Model):
    """A creating form's one-time token, claimed by its first submit together with the
    record it created (``servicecenter.once``). The unique token makes a second,
    concurrent submit wait for the first and then find its record."""

    token = models.CharField("令牌", max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             null=True, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交令牌"
        indexes = [models.Index(fields=["created_at"], name="submit_token_created_idx")]

    def __str__(self):
        return self.token
