"""Difficult cases (疑难案件): their criteria, the case and its escalation levels."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.clock import ProcessClock
from servicecenter.models import history
from servicecenter.people import display_name
from servicecenter.transitions import condition, fsm_permission, require
from tickets.service import permissions as perms

from .service import USER

__all__ = ["DifficultCaseCriterion", "DifficultCase", "CaseEscalation"]

CASE_MAX_LEVEL = 3  # 1 the handler, 2 the department head, 3 a leader


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
    state = FSMField("状态", default=State.PROPOSED, choices=State.choices,
                     protected=True)
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
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                     blank=True,
                                     related_name="+", verbose_name="立案确认人")
    opening_note = models.TextField("立案意见", blank=True)
    handler = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="difficult_cases", verbose_name="负责人")
    earlier_records = models.TextField("前期情况整理", blank=True)
    # 1 the handler, 2 the department head, 3 a leader (tickets.service.case_levels)
    level = models.PositiveSmallIntegerField("上报层级", default=1)
    escalated_to = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                     blank=True,
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
        """已解决 → 已归档; clerk; the result as followed up, filed for look-up."""
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
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                   blank=True,
                                   related_name="+", verbose_name="决定人")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "疑难案件请示"
        ordering = ["level", "id"]

    def __str__(self):
        return f"{self.case.number} 第{self.level}级"
