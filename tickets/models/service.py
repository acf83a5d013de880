"""Service tickets (技术服务任务单). Their logs and records are in ``records``,
maintenance plans in ``maintenance``, difficult cases (疑难案件) in ``cases``.

Transitions only set fields on ``self``; everything that reads the calendar, writes
other rows or files (spare-part rows, signatures, the difficult case) happens in
``tickets.service.services`` around ``run_transition``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.clock import Owner, ProcessClock
from servicecenter.models import Party, history
from servicecenter.people import display_name
from servicecenter.roles import CLERK
from servicecenter.transitions import condition, fsm_permission, require
from tickets.service import permissions as perms

__all__ = ["ServiceTicket"]

USER = settings.AUTH_USER_MODEL


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
                                 verbose_name="服务工程师",
                                 related_name="service_tickets")
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
            # lists and 工作台 by state, nearest deadline first: with the id the index
            # gives the whole order (resolved tickets have no due_at, the clock's due
            # is confirm_due_at: 待完结 reads the second)
            models.Index(fields=["state", "due_at", "id"], name="ticket_state_due_idx"),
            models.Index(fields=["state", "confirm_due_at", "id"],
                         name="ticket_state_confirm_due_idx"),
            models.Index(fields=["engineer", "state"],
                         name="ticket_engineer_state_idx"),
            # 我的任务: an engineer's open tickets, nearest deadline first (the states
            # are ServiceTicket.WORK_STATES, which the Meta class cannot reference)
            models.Index(fields=["engineer", "due_at", "id"],
                         name="ticket_my_tasks_idx",
                         condition=models.Q(state__in=["new", "assigned", "in_progress",
                                                       "awaiting_parts", "escalated"])),
            models.Index(fields=["kind", "state"], name="ticket_kind_state_idx"),
            models.Index(fields=["created_at"], name="ticket_created_idx"),
            # the dashboard's on-time trend: closed tickets by month, from the index
            models.Index(fields=["closed_at"], include=["resolved_at", "due_at", "id"],
                         name="ticket_closed_trend_idx",
                         condition=models.Q(state="closed")),
            # the dashboard's backlog: open tickets by state and age, due today and
            # overdue, from the index alone (the open states of ServiceTicket.clock)
            models.Index(fields=["state", "created_at"],
                         include=["due_at", "confirm_due_at", "id"],
                         name="ticket_backlog_idx",
                         condition=models.Q(state__in=[
                             "new", "assigned", "in_progress", "awaiting_parts",
                             "escalated", "resolved"])),
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
                permission=fsm_permission(perms.can_assign_ticket),
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
                permission=fsm_permission(perms.can_reassign_ticket),
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
                permission=fsm_permission(perms.can_start_ticket),
                custom={"label": "开始服务"})
    def start(self, *, user, started_at=None):
        """已派工 → 处理中; the assigned engineer; start (remote) or arrival time."""
        self.started_at = started_at or timezone.now()

    @transition(field=state, source=State.IN_PROGRESS, target=State.ASSIGNED,
                conditions=[_is_remote],
                permission=fsm_permission(perms.can_convert_to_onsite_ticket),
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
                permission=fsm_permission(perms.can_wait_for_parts_ticket),
                custom={"label": "等待备件", "style": "secondary"})
    def wait_for_parts(self, *, user, part_name, supplier, expected_date, now=None):
        """处理中 → 待备件; the assigned engineer; the part, supplier/contract and the
        expected date (the service writes the 备件服务记录 row). The clock pauses."""
        require(备件名称=part_name, 供应商或合同=supplier, 预计到货日期=expected_date)
        self._pause(now)

    @transition(field=state, source=State.AWAITING_PARTS, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_parts_arrived_ticket),
                custom={"label": "备件到货"})
    def parts_arrived(self, *, user, serial_number, resumed_due=None, paused_hours=0):
        """待备件 → 处理中; engineer or clerk; the part's serial number. The clock runs
        again, the deadline moved by the working hours it stood still."""
        require(备件序列号=serial_number)
        self._unpause(resumed_due, paused_hours)

    @transition(field=state, source=State.IN_PROGRESS, target=State.ESCALATED,
                permission=fsm_permission(perms.can_escalate_ticket),
                custom={"label": "升级为疑难案件", "style": "danger"})
    def escalate(self, *, user, reason, now=None):
        """处理中 → 已升级; engineer or clerk; why (the service opens the difficult
        case). The clock pauses."""
        require(升级原因=reason)
        self._pause(now)

    @transition(field=state, source=State.ESCALATED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_resume_ticket),
                custom={"label": "恢复处理", "system": True})
    def resume(self, *, user, resumed_due=None, paused_hours=0):
        """已升级 → 处理中; the system, when the difficult case is resolved; the clock
        runs again."""
        self._unpause(resumed_due, paused_hours)

    @transition(field=state, source=State.IN_PROGRESS, target=State.RESOLVED,
                permission=fsm_permission(perms.can_resolve_ticket),
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
                raise ValidationError(
                    "上门服务须由客户在平板上签字确认，或说明未签字的原因。")
        self.result = result
        self.service_record = service_record
        self.fault_analysis = fault_analysis
        self.no_signature_reason = "" if has_signature else no_signature_reason
        self.resolved_at = now or timezone.now()
        self.confirm_due_at = confirm_due.due if confirm_due else None

    @transition(field=state, source=State.RESOLVED, target=State.IN_PROGRESS,
                permission=fsm_permission(perms.can_reopen_ticket),
                custom={"label": "客户反映未解决", "style": "secondary"})
    def reopen(self, *, user, reason):
        """已反馈 → 处理中; clerk; the customer says it is not fixed."""
        require(未解决情况=reason)
        self.reopen_count += 1
        self.resolved_at = self.confirm_due_at = None

    @transition(field=state, source=State.RESOLVED, target=State.CLOSED,
                permission=fsm_permission(perms.can_close_ticket),
                custom={"label": "确认完结"})
    def close(self, *, user, confirmation, phone_confirmation="", now=None):
        """已反馈 → 已完结; clerk; how completion was confirmed with the customer, and
        the phone confirmation when the customer did not sign."""
        require(完结确认情况=confirmation)
        if self.no_signature_reason and not phone_confirmation:
            raise ValidationError(
                "客户未在现场签字，须记录电话确认情况（时间、接听人、确认内容）。")
        self.completion_confirmation = confirmation
        self.phone_confirmation = phone_confirmation
        self.closed_at = now or timezone.now()

    @transition(field=state, source=[State.NEW, State.ASSIGNED], target=State.CANCELLED,
                permission=fsm_permission(perms.can_cancel_ticket),
                custom={"label": "取消", "style": "danger"})
    def cancel(self, *, user, reason):
        """新建/已派工 → 已取消; clerk or manager; the reason."""
        require(取消原因=reason)
        self.cancel_reason = reason
