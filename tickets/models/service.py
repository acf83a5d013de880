"""Service tickets (技术服务任务单), their logs and records, maintenance plans and
difficult cases (疑难案件).

Transitions only set fields on ``self``; everything that reads the calendar, writes
other rows or files (spare-part rows, signatures, the difficult case) happens in
``tickets.service.services`` around ``run_transition``.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.clock import Owner, ProcessClock
from servicecenter.files import RandomName
from servicecenter.models import Party, history
from servicecenter.people import display_name
from servicecenter.roles import CLERK
from servicecenter.transitions import condition, fsm_permission, require
from tickets.service import permissions as perms

__all__ = [
    "ServiceTicket",
    "ContactLog",
    "SparePartRecord",
    "Signature",
    "MaintenancePlan",
    "MaintenanceRecord",
    "DifficultCaseCriterion",
    "DifficultCase",
    "CaseEscalation",
]

USER = settings.AUTH_USER_MODEL
CASE_MAX_LEVEL = 3  # 1 the handler, 2 the department head, 3 a leader


@condition("只有远程服务单可以转为上门服务。")
def _is_remote(ticket) -> bool:
    return ticket.kind == ServiceTicket.Kind.REMOTE


class ServiceTicket(ConcurrentTransitionMixin, models.Model):
    """技术服务任务单: one service request from a customer, remote or onsite."""

    class State(models.TextChoices):
        NEW = "new", "新建"
        ASSIGNED = "assigned", "已派工"
        IN_PROGRESS = "in_progress", "处理中"
        AWAITING_PARTS = "awaiting_parts", "待备件"
        ESCALATED = "escalated", "已升级"
        RESOLVED = "resolved", "已反馈"
        CLOSED = "closed", "已完结"
        CANCELLED = "cancelled", "已取消"

    class Kind(models.TextChoices):
        REMOTE = "remote", "远程服务"
        ONSITE = "onsite", "上门服务"

    class Channel(models.TextChoices):
        PHONE = "phone", "电话"
        HOTLINE = "hotline", "服务热线"
        FAX = "fax", "传真"
        EMAIL = "email", "电子邮件"
        VISIT = "visit", "来访"
        MAINTENANCE = "maintenance", "定期维护"
        SPECIAL = "special", "专题服务"

    class Priority(models.IntegerChoices):
        LOW = 1, "低"
        NORMAL = 2, "普通"
        HIGH = 3, "高"

    # the engineer's tickets (我的任务, the load shown when assigning)
    WORK_STATES = (State.NEW, State.ASSIGNED, State.IN_PROGRESS, State.AWAITING_PARTS,
                   State.ESCALATED)

    number = models.CharField("编号", max_length=20, unique=True)
    state = FSMField("状态", default=State.NEW, choices=State.choices, protected=True)
    # resolved: the engineer's work is done; what can be late is the clerks'
    # confirmation with the customer (its own limit, its own deadline field)
    clock = ProcessClock(
        open=WORK_STATES + (State.RESOLVED,),
        paused=(State.AWAITING_PARTS, State.ESCALATED),
        stage={State.NEW: "assign",
               **dict.fromkeys((State.ASSIGNED, State.IN_PROGRESS, State.AWAITING_PARTS,
                                State.ESCALATED), lambda t: t.resolve_stage),
               State.RESOLVED: "confirm"},
        responsible={State.NEW: Owner("created_by", role=CLERK),
                     **dict.fromkeys((State.ASSIGNED, State.IN_PROGRESS,
                                      State.AWAITING_PARTS, State.ESCALATED),
                                     "engineer"),
                     State.RESOLVED: Owner(role=CLERK)},
        due_fields={State.RESOLVED: "confirm_due_at"},
        done=(State.CLOSED,),
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="客户",
                              related_name="service_tickets")
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=20)
    kind = models.CharField("服务方式", max_length=10, choices=Kind.choices)
    channel = models.CharField("来源渠道", max_length=15, choices=Channel.choices)
    emergency = models.BooleanField("应急服务", default=False)
    priority = models.PositiveSmallIntegerField("优先级", choices=Priority.choices,
                                                default=Priority.NORMAL)
    system = models.CharField("系统/设备", max_length=100, blank=True)
    problem = models.TextField("故障/需求描述")
    address = models.CharField("服务地址", max_length=200, blank=True)

    engineer = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                 verbose_name="服务工程师", related_name="service_tickets")
    appointment_at = models.DateTimeField("预约上门时间", null=True, blank=True)
    started_at = models.DateTimeField("开始/到场时间", null=True, blank=True)
    convert_reason = models.TextField("转上门原因", blank=True)
    fault_analysis = models.TextField("问题分析", blank=True)
    service_record = models.TextField("服务记录", blank=True)
    result = models.TextField("处理结果", blank=True)
    no_signature_reason = models.CharField("客户未签字原因", max_length=200, blank=True)
    resolved_at = models.DateTimeField("反馈时间", null=True, blank=True)
    completion_confirmation = models.TextField("完结确认情况", blank=True)
    phone_confirmation = models.TextField("电话确认记录", blank=True)
    closed_at = models.DateTimeField("完结时间", null=True, blank=True)
    cancel_reason = models.TextField("取消原因", blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)

    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    confirm_due_at = models.DateTimeField("完结确认期限", null=True, blank=True)
    # set by the deadline sweep (servicecenter.sweep), never by a transition
    marked_overdue = models.BooleanField("已超期", default=False, editable=False)
    paused_at = models.DateTimeField("计时暂停于", null=True, blank=True)
    paused_hours = models.FloatField("累计暂停（工作小时）", default=0)

    maintenance_plan = models.ForeignKey(
        "MaintenancePlan", on_delete=models.PROTECT, null=True, blank=True,
        verbose_name="维护计划", related_name="tickets")
    maintenance_due = models.DateField("计划维护日期", null=True, blank=True)
    source_ticket = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True,
        verbose_name="来源服务单", related_name="follow_on_tickets")

    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                   verbose_name="首问受理人", related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "技术服务任务单"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "closed_at"], name="ticket_state_closed_idx"),
            models.Index(fields=["state", "-id"], name="ticket_state_id_idx"),  # admin
            models.Index(fields=["state", "due_at"], name="ticket_state_due_idx"),
            models.Index(fields=["engineer", "state"], name="ticket_engineer_state_idx"),
            # 我的任务: an engineer's open tickets, nearest deadline first (the states
            # are ServiceTicket.WORK_STATES, which the Meta class cannot reference)
            models.Index(fields=["engineer", "due_at", "id"], name="ticket_my_tasks_idx",
                         condition=models.Q(state__in=["new", "assigned", "in_progress",
                                                       "awaiting_parts", "escalated"])),
            models.Index(fields=["kind", "state"], name="ticket_kind_state_idx"),
            models.Index(fields=["created_at"], name="ticket_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["maintenance_plan", "maintenance_due"],
                condition=models.Q(maintenance_plan__isnull=False),
                name="ticket_one_per_plan_due",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.party}"

    @property
    def is_open(self) -> bool:
        return self.clock.is_open(self)

    @property
    def engineer_name(self) -> str:
        return display_name(self.engineer)

    @property
    def is_paused(self) -> bool:
        return self.clock.is_paused(self)

    @property
    def is_overdue(self) -> bool:
        return self.clock.is_overdue(self)

    @property
    def resolve_stage(self) -> str:
        if self.emergency:
            return "resolve_emergency"
        return f"resolve_{self.kind}"

    def _pause(self, now):
        self.paused_at = now or timezone.now()

    def _unpause(self, resumed_due, paused_hours):
        self.due_at = resumed_due or self.due_at
        self.paused_hours = round(self.paused_hours + (paused_hours or 0), 2)
        self.paused_at = None

    @transition(field=state, source=State.NEW, target=State.ASSIGNED,
                permission=fsm_permission(perms.can_assign_serviceticket),
                custom={"label": "派工"})
    def assign(self, *, user, engineer, appointment_at=None, due=None):
        """新建 → 已派工; clerk or manager; the engineer, the appointment (onsite) and
        the resolve deadline."""
        require(服务工程师=engineer)
        if self.kind == self.Kind.ONSITE:
            require(预约上门时间=appointment_at)
        self.engineer = engineer
        self.appointment_at = appointment_at
        if due is not None:
            self.due_at, self.due_provisional = due.due, due.provisional

    @transition(field=state, source=[State.ASSIGNED, State.IN_PROGRESS],
                target=State.ASSIGNED,
                permission=fsm_permission(perms.can_reassign_serviceticket),
                custom={"label": "改派", "style": "secondary"})
    def reassign(self, *, user, engineer, reason, appointment_at=None):
        """已派工/处理中 → 已派工; clerk or manager; the new engineer and why."""
        require(服务工程师=engineer, 改派原因=reason)
        if engineer == self.engineer:
            raise ValidationError("新工程师与当前工程师相同。")
        self.engineer = engineer
        self.appointment_at = appointment_at or self.appointment_at
        self.started_at = None

    @transition(field=state, source=State.ASSIGNED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_start_serviceticket),
                custom={"label": "开始服务"})
    def start(self, *, user, started_at=None):
        """已派工 → 处理中; the assigned engineer; the start (remote) or arrival time."""
        self.started_at = started_at or timezone.now()

    @transition(field=state, source=State.IN_PROGRESS, target=State.ASSIGNED,
                conditions=[_is_remote],
                permission=fsm_permission(perms.can_convert_to_onsite_serviceticket),
                custom={"label": "转上门服务", "style": "secondary"})
    def convert_to_onsite(self, *, user, reason, appointment_at=None, due=None):
        """处理中（远程） → 已派工（上门）; engineer or clerk; why remote failed or that
        the customer asked, the appointment, a new onsite deadline."""
        require(转上门原因=reason, 预约上门时间=appointment_at)
        self.kind = self.Kind.ONSITE
        self.convert_reason = reason
        self.appointment_at = appointment_at
        self.started_at = None
        if due is not None:
            self.due_at, self.due_provisional = due.due, due.provisional

    @transition(field=state, source=State.IN_PROGRESS, target=State.AWAITING_PARTS,
                permission=fsm_permission(perms.can_wait_for_parts_serviceticket),
                custom={"label": "等待备件", "style": "secondary"})
    def wait_for_parts(self, *, user, part_name, supplier, expected_date, now=None):
        """处理中 → 待备件; the assigned engineer; the part, supplier/contract and the
        expected date (the service writes the 备件服务记录 row). The clock pauses."""
        require(备件名称=part_name, 供应商或合同=supplier, 预计到货日期=expected_date)
        self._pause(now)

    @transition(field=state, source=State.AWAITING_PARTS, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_parts_arrived_serviceticket),
                custom={"label": "备件到货"})
    def parts_arrived(self, *, user, serial_number, resumed_due=None, paused_hours=0):
        """待备件 → 处理中; engineer or clerk; the part's serial number. The clock runs
        again, the deadline moved by the working hours it stood still."""
        require(备件序列号=serial_number)
        self._unpause(resumed_due, paused_hours)

    @transition(field=state, source=State.IN_PROGRESS, target=State.ESCALATED,
                permission=fsm_permission(perms.can_escalate_serviceticket),
                custom={"label": "升级为疑难案件", "style": "danger"})
    def escalate(self, *, user, reason, now=None):
        """处理中 → 已升级; engineer or clerk; why (the service opens the difficult case).
        The clock pauses."""
        require(升级原因=reason)
        self._pause(now)

    @transition(field=state, source=State.ESCALATED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_resume_serviceticket),
                custom={"label": "恢复处理", "system": True})
    def resume(self, *, user, resumed_due=None, paused_hours=0):
        """已升级 → 处理中; the system, when the difficult case is resolved; the clock
        runs again."""
        self._unpause(resumed_due, paused_hours)

    @transition(field=state, source=State.IN_PROGRESS, target=State.RESOLVED,
                permission=fsm_permission(perms.can_resolve_serviceticket),
                custom={"label": "完成反馈"})
    def resolve(self, *, user, result, service_record="", fault_analysis="",
                has_signature=False, no_signature_reason="", now=None,
                confirm_due=None):
        """处理中 → 已反馈; the assigned engineer; result and records. Onsite: the
        service record and the customer's signature, or the reason there is none."""
        require(处理结果=result)
        if self.kind == self.Kind.ONSITE:
            require(服务记录=service_record)
            if not has_signature and not no_signature_reason:
                raise ValidationError("上门服务须由客户在平板上签字确认，或说明未签字的原因。")
        self.result = result
        self.service_record = service_record
        self.fault_analysis = fault_analysis
        self.no_signature_reason = "" if has_signature else no_signature_reason
        self.resolved_at = now or timezone.now()
        self.confirm_due_at = confirm_due.due if confirm_due else None

    @transition(field=state, source=State.RESOLVED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_reopen_serviceticket),
                custom={"label": "客户反映未解决", "style": "secondary"})
    def reopen(self, *, user, reason):
        """已反馈 → 处理中; clerk; the customer says it is not fixed."""
        require(未解决情况=reason)
        self.reopen_count += 1
        self.resolved_at = self.confirm_due_at = None

    @transition(field=state, source=State.RESOLVED, target=State.CLOSED,
                permission=fsm_permission(perms.can_close_serviceticket),
                custom={"label": "确认完结"})
    def close(self, *, user, confirmation, phone_confirmation="", now=None):
        """已反馈 → 已完结; clerk; how completion was confirmed with the customer, and
        the phone confirmation when the customer did not sign."""
        require(完结确认情况=confirmation)
        if self.no_signature_reason and not phone_confirmation:
            raise ValidationError("客户未在现场签字，须记录电话确认情况（时间、接听人、确认内容）。")
        self.completion_confirmation = confirmation
        self.phone_confirmation = phone_confirmation
        self.closed_at = now or timezone.now()

    @transition(field=state, source=[State.NEW, State.ASSIGNED], target=State.CANCELLED,
                permission=fsm_permission(perms.can_cancel_serviceticket),
                custom={"label": "取消", "style": "danger"})
    def cancel(self, *, user, reason):
        """新建/已派工 → 已取消; clerk or manager; the reason."""
        require(取消原因=reason)
        self.cancel_reason = reason


class ContactLog(models.Model):
    """One contact with the customer (time, channel, summary). Append-only."""

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE,
                               related_name="contacts", verbose_name="服务单")
    at = models.DateTimeField("沟通时间")
    channel = models.CharField("方式", max_length=15,
                               choices=ServiceTicket.Channel.choices[:5])
    summary = models.TextField("沟通内容")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, verbose_name="记录人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "沟通记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_channel_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("沟通记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("沟通记录只能追加，不能删除。")


class SparePartRecord(models.Model):
    """备件服务记录: a part obtained under the vendor contract, installed and tested."""

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE,
                               related_name="parts", verbose_name="服务单")
    part_name = models.CharField("备件名称/型号", max_length=100)
    supplier = models.CharField("供应商/合同号", max_length=100)
    expected_date = models.DateField("预计到货日期")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    serial_number = models.CharField("备件序列号", max_length=60, blank=True)
    received_at = models.DateTimeField("到货时间", null=True, blank=True)
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="接收人")
    note = models.TextField("安装、配置及测试", blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "备件服务记录"
        ordering = ["requested_at", "id"]

    def __str__(self):
        return self.part_name


class Signature(models.Model):
    """A signature drawn on the tablet, stored as a PNG with the signer and time."""

    class Role(models.TextChoices):
        CUSTOMER = "customer", "客户"
        ENGINEER = "engineer", "服务工程师"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    role = models.CharField("签字方", max_length=10, choices=Role.choices)
    signer_name = models.CharField("签字人", max_length=50)
    signed_at = models.DateTimeField("签字时间")
    image = models.FileField("签名图像", upload_to=RandomName("signatures"))
    captured_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="采集人")

    class Meta:
        verbose_name = verbose_name_plural = "签名"
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="signature_record_idx")]

    def __str__(self):
        return f"{self.get_role_display()} {self.signer_name}"


class MaintenancePlan(models.Model):
    """定期服务计划: a system maintained onsite at an agreed interval."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="客户",
                              related_name="maintenance_plans")
    system = models.CharField("系统", max_length=100)
    contents = models.TextField("维护内容", help_text="每行一项，维护时逐项检查。")
    interval_months = models.PositiveSmallIntegerField("周期（月）", default=3)
    engineer = models.ForeignKey(USER, on_delete=models.PROTECT, verbose_name="服务工程师",
                                 related_name="maintenance_plans")
    next_due = models.DateField("下次维护日期")
    lead_days = models.PositiveSmallIntegerField(
        "提前生成（天）", default=7, validators=[MaxValueValidator(60)])
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("建立时间", auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "定期维护计划"
        ordering = ["next_due", "id"]
        indexes = [models.Index(fields=["is_active", "next_due"], name="plan_due_idx")]

    def __str__(self):
        return f"{self.party} · {self.system}"

    def clean(self):
        if self.interval_months < 1:
            raise ValidationError("维护周期至少为 1 个月。")

    def content_items(self) -> list[str]:
        return [line.strip() for line in self.contents.splitlines() if line.strip()]

    def following_due(self) -> datetime.date:
        month = self.next_due.month - 1 + self.interval_months
        year, month = self.next_due.year + month // 12, month % 12 + 1
        for day in (self.next_due.day, 30, 29, 28):
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")


class MaintenanceRecord(models.Model):
    """系统维护记录表, signed by the customer and the engineer; an unfixed problem is
    the 系统维护备忘录 and becomes a special-service ticket."""

    ticket = models.OneToOneField(ServiceTicket, on_delete=models.CASCADE,
                                  related_name="maintenance_record", verbose_name="服务单")
    checklist = models.TextField("维护项目及结果")
    findings = models.TextField("发现的问题、分析及排除步骤", blank=True)
    memo = models.TextField("未能排除的问题（系统维护备忘录）", blank=True)
    special_ticket = models.ForeignKey(ServiceTicket, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+",
                                       verbose_name="专题服务单")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "系统维护记录表"

    def __str__(self):
        return f"{self.ticket.number} 维护记录"


class DifficultCaseCriterion(models.Model):
    """One criterion for a difficult case (editable list)."""

    name = models.CharField("条件", max_length=60, unique=True)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "疑难案件条件"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


@condition(f"已上报到第 {CASE_MAX_LEVEL} 级，不能再向上请示。")
def below_top_level(case) -> bool:
    return case.level < CASE_MAX_LEVEL


class DifficultCase(ConcurrentTransitionMixin, models.Model):
    """疑难案件: a service event checked against the criteria, tracked to the end."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "待确认"
        OPENED = "opened", "已立案"
        IN_PROGRESS = "in_progress", "处理中"
        ESCALATED = "escalated", "已上报"
        RESOLVED = "resolved", "已解决"
        ARCHIVED = "archived", "已归档"
        DECLINED = "declined", "不予立案"

    MAX_LEVEL = CASE_MAX_LEVEL

    number = models.CharField("编号", max_length=20, unique=True)
    state = FSMField("状态", default=State.PROPOSED, choices=State.choices, protected=True)
    # no time limit: difficult cases are followed by level, not by a deadline
    clock = ProcessClock(
        open=(State.PROPOSED, State.OPENED, State.IN_PROGRESS, State.ESCALATED,
              State.RESOLVED),
        responsible={State.IN_PROGRESS: "handler", State.ESCALATED: "escalated_to"},
        due_field=None, overdue_field=None)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                    blank=True, verbose_name="来源类型")
    source_id = models.PositiveBigIntegerField("来源记录", null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_number = models.CharField("来源编号", max_length=30, blank=True)
    title = models.CharField("案件标题", max_length=120)
    reason = models.TextField("提请理由")
    criteria = models.ManyToManyField(DifficultCaseCriterion, blank=True,
                                      verbose_name="符合条件")
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="提请人")
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="立案确认人")
    opening_note = models.TextField("立案意见", blank=True)
    handler = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="difficult_cases", verbose_name="负责人")
    earlier_records = models.TextField("前期情况整理", blank=True)
    # 1 the handler, 2 the department head, 3 a leader (tickets.service.case_levels)
    level = models.PositiveSmallIntegerField("上报层级", default=1)
    escalated_to = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="当前请示对象")
    resolution = models.TextField("处理结果", blank=True)
    archive_note = models.TextField("归档说明", blank=True)
    created_at = models.DateTimeField("提请时间", default=timezone.now)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "疑难案件"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="case_state_idx"),
            models.Index(fields=["source_type", "source_id"], name="case_source_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def handler_name(self) -> str:
        return display_name(self.handler)

    @transition(field=state, source=State.PROPOSED, target=State.OPENED,
                permission=fsm_permission(perms.can_open_difficultcase),
                custom={"label": "确认立案"})
    def open(self, *, user, criteria_count, note=""):
        """待确认 → 已立案; the department head (or a manager) confirms at least one
        criterion is met."""
        if not criteria_count:
            raise ValidationError("请勾选符合的疑难案件条件（至少一项）。")
        self.confirmed_by = user
        self.opening_note = note

    @transition(field=state, source=State.PROPOSED, target=State.DECLINED,
                permission=fsm_permission(perms.can_decline_difficultcase),
                custom={"label": "不予立案", "style": "secondary"})
    def decline(self, *, user, note):
        """待确认 → 不予立案; the department head (or a manager); why. The source ticket
        resumes (through the service)."""
        require(不予立案理由=note)
        self.confirmed_by = user
        self.opening_note = note

    @transition(field=state, source=State.OPENED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_assign_difficultcase),
                custom={"label": "指定负责人"})
    def assign(self, *, user, handler, earlier_records=""):
        """已立案 → 处理中; the department head (or a manager); the handler."""
        require(负责人=handler)
        self.handler = handler
        self.earlier_records = earlier_records or self.earlier_records

    @transition(field=state, source=State.IN_PROGRESS, target=State.ESCALATED,
                permission=fsm_permission(perms.can_escalate_difficultcase),
                conditions=[below_top_level],
                custom={"label": "向上级请示", "style": "secondary"})
    def escalate(self, *, user, to_user, request, level):
        """处理中 → 已上报; the handler; to whom (a person of the next level up, never
        themself: the service checks the level's people), the level and the decision
        requested (the service writes the level's row). At most three levels."""
        require(请示对象=to_user, 请示事项=request)
        if user is not None and to_user.pk == user.pk:
            raise ValidationError("不能向自己请示。")
        if not self.level < level <= self.MAX_LEVEL:
            raise ValidationError(f"已上报 {self.MAX_LEVEL} 级，不能再向上请示。")
        self.level = level
        self.escalated_to = to_user

    @transition(field=state, source=State.ESCALATED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_decide_difficultcase),
                custom={"label": "作出决定"})
    def decide(self, *, user, decision):
        """已上报 → 处理中; only the person asked; the decision given."""
        require(决定内容=decision)
        if user is None or user.pk != self.escalated_to_id:
            raise ValidationError("只有被请示人本人可以作出决定。")
        self.escalated_to = None

    @transition(field=state, source=State.IN_PROGRESS, target=State.RESOLVED,
                permission=fsm_permission(perms.can_resolve_difficultcase),
                custom={"label": "案件解决"})
    def resolve(self, *, user, resolution):
        """处理中 → 已解决; the handler (or a manager); the result. The source ticket
        resumes (through the service)."""
        require(处理结果=resolution)
        self.resolution = resolution
        self.resolved_at = timezone.now()

    @transition(field=state, source=State.RESOLVED, target=State.ARCHIVED,
                permission=fsm_permission(perms.can_archive_difficultcase),
                custom={"label": "记录并归档"})
    def archive(self, *, user, note):
        """已解决 → 已归档; clerk; the result as followed up, filed for later look-up."""
        require(归档说明=note)
        self.archive_note = note


class CaseEscalation(models.Model):
    """One level of a difficult case's escalation: the decision requested and given."""

    case = models.ForeignKey(DifficultCase, on_delete=models.CASCADE,
                             related_name="escalations", verbose_name="疑难案件")
    level = models.PositiveSmallIntegerField("层级")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="请示人")
    to_user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                verbose_name="请示对象")
    request = models.TextField("请示事项")
    requested_at = models.DateTimeField("请示时间", default=timezone.now)
    decision = models.TextField("决定", blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="决定人")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "疑难案件请示"
        ordering = ["level", "id"]

    def __str__(self):
        return f"{self.case.number} 第{self.level}级"
