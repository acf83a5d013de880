"""Complaints (客户投诉处理单) and follow-up calls (客户回访).

Both link GENERICALLY (content type + object id) to the record they concern: a
service ticket, a repair order, a complaint, or nothing (a care call planned by a
manager). Transitions only set fields on ``self``; the services in
``tickets.complaints.services`` and ``tickets.followups`` run them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.clock import Owner, ProcessClock
from servicecenter.models import Department, Party, history
from servicecenter.roles import CLERK, MANAGER
from servicecenter.transitions import fsm_permission
from servicecenter.workdays import end_of_day
from tickets.complaints import permissions as perms

__all__ = ["Complaint", "Revisit", "RevisitAttempt", "RevisitQuestion"]

USER = settings.AUTH_USER_MODEL


class Complaint(ConcurrentTransitionMixin, models.Model):
    """客户投诉处理单: register → accept/reject → handle → report → archive."""

    class State(models.TextChoices):
        NEW = "new", "未登记"  # only in memory, before ``register``
        REGISTERED = "registered", "已登记"
        ACCEPTED = "accepted", "已受理"
        REJECTED = "rejected", "不予受理"
        HANDLED = "handled", "已处理"
        REPORTED = "reported", "已上报"
        ARCHIVED = "archived", "已归档"

    class Source(models.TextChoices):
        REVISIT = "revisit", "回访"
        HOTLINE = "hotline", "热线"
        VISIT = "visit", "来访"
        LETTER = "letter", "来信"
        ONLINE = "online", "网上"
        BAD_RATING = "bad_rating", "差评"

    class Truth(models.TextChoices):
        TRUE = "true", "属实"
        PARTLY = "partly", "部分属实"
        FALSE = "false", "不属实"

    class Reason(models.TextChoices):
        REASONABLE = "reasonable", "合理"
        PARTLY = "partly", "部分合理"
        UNREASONABLE = "unreasonable", "不合理"

    number = models.CharField("编号", max_length=20, unique=True)
    state = FSMField("状态", default=State.NEW, choices=State.choices, protected=True)
    # handled, reported: the clerks report and archive, with no time limit
    clock = ProcessClock(
        open=(State.REGISTERED, State.ACCEPTED, State.HANDLED, State.REPORTED),
        stage={State.ACCEPTED: "handle", State.REGISTERED: "accept"},
        responsible={State.REGISTERED: Owner(role=MANAGER),  # managers accept
                     State.ACCEPTED: Owner("responsible", "department")},
    )
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="投诉人",
                              related_name="complaints")
    subject = models.CharField("投诉事由", max_length=120)
    content = models.TextField("投诉内容")
    received_at = models.DateTimeField("收到时间")
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                      related_name="+", verbose_name="登记人")
    # the record complained about: a ticket, a repair, anything (optional)
    related_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    source_revisit = models.OneToOneField(
        "tickets.Revisit", on_delete=models.PROTECT, null=True, blank=True,
        related_name="bad_rating_complaint", verbose_name="来源回访")
    truthfulness = models.CharField("真实性", max_length=10, choices=Truth.choices,
                                    blank=True)
    reasonableness = models.CharField("合理性", max_length=12, choices=Reason.choices,
                                      blank=True)
    assessment = models.TextField("受理意见", blank=True)
    responsible = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="complaints_responsible",
                                    verbose_name="责任人")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True,
                                   blank=True, verbose_name="责任科室")
    reject_reason = models.TextField("不予受理理由", blank=True)
    notified_how = models.CharField("告知方式", max_length=100, blank=True)
    cause = models.TextField("原因分析", blank=True)
    actions = models.TextField("处理措施", blank=True)
    result = models.TextField("处理结果", blank=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    reported_to = models.CharField("上报对象", max_length=200, blank=True)
    reopen_reason = models.TextField("重办原因", blank=True)
    # each handling round gets its own follow-up call (Revisit.round = this + 1)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    due_at = models.DateTimeField("当前时限", null=True, blank=True)
    due_provisional = models.BooleanField("时限暂定", default=False)
    # set by the deadline sweep (servicecenter.sweep), never by a transition
    marked_overdue = models.BooleanField("已超期", default=False, editable=False)
    rectify_due_at = models.DateTimeField("整改时限", null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "客户投诉"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["handled_at"], name="complaint_handled_idx"),
            models.Index(fields=["state", "due_at", "id"],
                         name="complaint_state_due_idx"),
            models.Index(fields=["related_type", "related_id"],
                         name="complaint_related_idx"),
            models.Index(fields=["responsible", "state"], name="complaint_resp_idx"),
            models.Index(fields=["received_at"], name="complaint_received_idx"),
            # the dashboard's open bad ratings: is a call's complaint archived
            models.Index(fields=["source_revisit"], include=["state"],
                         name="complaint_source_revisit_idx",
                         condition=models.Q(source_revisit__isnull=False)),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("tickets:complaint_detail", args=[self.pk])

    @transition(field=state, source=State.NEW, target=State.REGISTERED,
                permission=fsm_permission(perms.can_register_complaint),
                custom={"label": "登记"})
    def register(self, *, user, due):
        """new → registered; clerk; source, complainant, content, related record;
        the accept/reject deadline."""
        if not (self.party_id and self.content.strip() and self.source):
            raise ValidationError("请填写投诉来源、投诉人和投诉内容。")
        self.registered_by = user
        self.due_at, self.due_provisional = due.due, due.provisional

    @transition(field=state, source=State.REGISTERED, target=State.ACCEPTED,
                permission=fsm_permission(perms.can_accept_complaint),
                custom={"label": "受理"})
    def accept(self, *, user, truthfulness, reasonableness, responsible, due,
               assessment="", department=None):
        """registered → accepted; manager; truthfulness and reasonableness
        assessment, responsible person; the handling (or rectification) deadline."""
        if not (truthfulness and reasonableness and responsible):
            raise ValidationError("受理须填写真实性、合理性判断并指定责任人。")
        self.truthfulness, self.reasonableness = truthfulness, reasonableness
        self.assessment, self.responsible, self.department = (
            assessment, responsible, department)
        self.due_at, self.due_provisional = due.due, due.provisional

    @transition(field=state, source=State.REGISTERED, target=State.REJECTED,
                permission=fsm_permission(perms.can_reject_complaint),
                custom={"label": "不予受理", "style": "danger"})
    def reject(self, *, user, reason, notified_how):
        """registered → rejected; manager; the reason and how the complainant was
        told."""
        if not (reason.strip() and notified_how.strip()):
            raise ValidationError("请填写不予受理的理由和告知投诉人的方式。")
        self.reject_reason, self.notified_how = reason, notified_how
        self.due_at = None

    @transition(field=state, source=State.ACCEPTED, target=State.HANDLED,
                permission=fsm_permission(perms.can_handle_complaint),
                custom={"label": "处理完毕"})
    def handle(self, *, user, cause, actions, result, at):
        """accepted → handled; the responsible person; cause, actions, result (the
        service then schedules the 3–7 day follow-up call)."""
        if not (cause.strip() and actions.strip() and result.strip()):
            raise ValidationError("请填写原因分析、处理措施和处理结果。")
        self.cause, self.actions, self.result = cause, actions, result
        self.handled_at, self.due_at = at, None

    @transition(field=state, source=State.HANDLED, target=State.REPORTED,
                permission=fsm_permission(perms.can_report_complaint),
                custom={"label": "上报结果"})
    def report(self, *, user, reported_to):
        """handled → reported; clerk, manager; who the result was reported to."""
        if not reported_to.strip():
            raise ValidationError("请填写处理结果已反馈给哪些相关人员和领导。")
        self.reported_to = reported_to

    @transition(field=state, source=State.REPORTED, target=State.ACCEPTED,
                permission=fsm_permission(perms.can_reopen_complaint),
                custom={"label": "重办", "style": "secondary"})
    def reopen(self, *, user, reason, due):
        """reported → accepted; manager; why (follow-up found the complainant
        dissatisfied); a new handling deadline."""
        if not reason.strip():
            raise ValidationError("请填写重办原因。")
        self.reopen_reason = reason
        self.reopen_count += 1
        self.due_at, self.due_provisional = due.due, due.provisional

    @transition(field=state, source=[State.REPORTED, State.REJECTED],
                target=State.ARCHIVED,
                permission=fsm_permission(perms.can_archive_complaint),
                custom={"label": "归档"})
    def archive(self, *, user, followup_state, at):
        """reported, rejected → archived; clerk; only once its follow-up call is done
        or the complainant was unreachable (``followup_state`` is read by the
        service; None when no call was ever scheduled)."""
        finished = (Revisit.State.COMPLETED, Revisit.State.UNREACHABLE)
        if self.state == self.State.REPORTED and followup_state not in finished:
            raise ValidationError(
                "投诉处理后的回访尚未完成（须已回访或确认无法联系），不能归档。")
        if followup_state == Revisit.State.SCHEDULED:
            raise ValidationError("该投诉还有待回访的电话，请先完成或取消回访。")
        self.archived_at = at

    @property
    def is_open(self) -> bool:
        return self.clock.is_open(self)


class Revisit(ConcurrentTransitionMixin, models.Model):
    """客户回访: one follow-up call per record, kind and round, with its attempts (a
    reopened complaint handled again gets a second round)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "待回访"
        COMPLETED = "completed", "已回访"
        UNREACHABLE = "unreachable", "无法联系"
        CANCELLED = "cancelled", "已取消"

    class Kind(models.TextChoices):
        SERVICE = "service", "服务回访"
        REPAIR = "repair", "维修回访"
        COMPLAINT = "complaint", "投诉回访"
        CARE = "care", "客户关怀回访"

    class Rating(models.IntegerChoices):
        VERY_SATISFIED = 5, "非常满意"
        SATISFIED = 4, "满意"
        FAIRLY_SATISFIED = 3, "基本满意"
        DISSATISFIED = 2, "不满意"
        VERY_DISSATISFIED = 1, "非常不满意"

    BAD_RATINGS = (Rating.DISSATISFIED, Rating.VERY_DISSATISFIED)

    number = models.CharField("编号", max_length=20, unique=True)
    state = FSMField("状态", default=State.SCHEDULED, choices=State.choices,
                     protected=True)
    # a call not made by the end of its window is chased with the clerks
    clock = ProcessClock(
        open=(State.SCHEDULED,),
        stage={State.SCHEDULED: lambda r: (
            "complaint_to" if r.kind == Revisit.Kind.COMPLAINT else "service_to")},
        responsible={State.SCHEDULED: Owner(role=CLERK)},
        overdue_field=None,
    )
    kind = models.CharField("回访类型", max_length=12, choices=Kind.choices)
    round = models.PositiveSmallIntegerField("回访轮次", default=1)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="客户",
                              related_name="revisits")
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    engineer = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="revisits_as_engineer",
                                 verbose_name="工程师/责任人")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True,
                                   blank=True, verbose_name="科室")
    closed_at = models.DateTimeField("办结时间")
    window_start = models.DateField("回访起始日")
    window_end = models.DateField("回访截止日")
    window_provisional = models.BooleanField("时限暂定", default=False)
    # the end of ``window_end`` (kept by ``save``): the deadline the sweep chases
    due_at = models.DateTimeField("回访期限", null=True, blank=True, editable=False)
    max_attempts = models.PositiveSmallIntegerField("最多拨打次数", default=3)
    attempts_count = models.PositiveSmallIntegerField("已拨打次数", default=0)
    last_band = models.CharField("上次拨打时段", max_length=10, blank=True)
    last_attempt_at = models.DateTimeField("上次拨打时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("满意度", choices=Rating.choices,
                                              null=True, blank=True)
    answers = models.JSONField("问题回答", default=list, blank=True)
    notes = models.TextField("回访记录", blank=True)
    caller = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="回访人")
    completed_at = models.DateTimeField("回访完成时间", null=True, blank=True)
    cancel_reason = models.TextField("取消原因", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name="安排人")
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "客户回访"
        ordering = ["window_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "kind", "round"],
                condition=models.Q(record_id__isnull=False),
                name="revisit_one_per_record_kind_round"),
        ]
        indexes = [
            models.Index(fields=["state", "completed_at"],
                         name="revisit_state_completed_idx"),
            models.Index(fields=["state", "window_start"],
                         name="revisit_state_start_idx"),
            # the call lists filter by state and order by window_end, id
            models.Index(fields=["state", "window_end", "id"],
                         name="revisit_state_end_idx"),
            # the 已结束 list: not scheduled, newest completion first
            models.Index(fields=["-completed_at", "id"], name="revisit_done_idx",
                         condition=~models.Q(state="scheduled")),
            models.Index(fields=["window_start", "department", "engineer"],
                         name="revisit_report_idx"),
            # the dashboard's satisfaction trend: rated calls by month, from the index
            models.Index(fields=["completed_at"], include=["rating", "id"],
                         name="revisit_rated_idx",
                         condition=models.Q(state="completed", rating__isnull=False)),
            # the dashboard's open bad ratings (BAD_RATINGS of completed calls)
            models.Index(fields=["-completed_at", "-id"], name="revisit_bad_idx",
                         condition=models.Q(state="completed", rating__in=[1, 2])),
        ]

    def __str__(self):
        return f"{self.number} {self.party}"

    def save(self, *args, **kwargs):
        if self.window_end:
            self.due_at = end_of_day(self.window_end)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("tickets:revisit_call", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.SCHEDULED

    @property
    def is_overdue(self) -> bool:
        return self.clock.is_overdue(self)

    @property
    def is_bad(self) -> bool:
        return self.rating in self.BAD_RATINGS

    def _check_band(self, band):
        if self.last_band and band == self.last_band:
            raise ValidationError(
                f"上次拨打在「{self.last_band}」，再次回访须换一个时段"
                "（上午 / 下午 / 晚上）。")

    def _count_attempt(self, user, band, at):
        self._check_band(band)
        self.attempts_count += 1
        self.last_band, self.last_attempt_at, self.caller = band, at, user

    @transition(field=state, source=State.SCHEDULED, target=State.COMPLETED,
                permission=fsm_permission(perms.can_complete_revisit),
                custom={"label": "完成回访", "system": True})
    def complete(self, *, user, band, at, rating, answers, notes):
        """scheduled → completed; clerk; the attempt, five-level rating, answers,
        notes (the service opens a complaint on a bad rating)."""
        if rating not in self.Rating.values:
            raise ValidationError("接通后须选择满意度评价（非常满意 … 非常不满意）。")
        self._count_attempt(user, band, at)
        self.rating, self.answers, self.notes = rating, answers, notes
        self.completed_at = at

    @transition(field=state, source=State.SCHEDULED, target=State.SCHEDULED,
                permission=fsm_permission(perms.can_complete_revisit),
                custom={"label": "未接通", "system": True})
    def miss(self, *, user, band, at):
        """scheduled → scheduled; clerk; an unanswered attempt, to retry in another
        time band."""
        if self.attempts_count + 1 >= self.max_attempts:
            raise ValidationError("已达拨打次数上限，应记为无法联系。")
        self._count_attempt(user, band, at)

    @transition(field=state, source=State.SCHEDULED, target=State.UNREACHABLE,
                permission=fsm_permission(perms.can_complete_revisit),
                custom={"label": "无法联系", "system": True})
    def give_up(self, *, user, band, at):
        """scheduled → unreachable; clerk; the last unanswered attempt at the limit."""
        if self.attempts_count + 1 < self.max_attempts:
            raise ValidationError("尚未达到拨打次数上限，请换时段再次回访。")
        self._count_attempt(user, band, at)

    @transition(field=state, source=State.SCHEDULED, target=State.CANCELLED,
                permission=fsm_permission(perms.can_cancel_revisit),
                custom={"label": "取消回访", "style": "danger"})
    def cancel(self, *, user, reason):
        """scheduled → cancelled; clerk, manager; the reason."""
        if not reason.strip():
            raise ValidationError("请填写取消回访的原因。")
        self.cancel_reason = reason


class RevisitAttempt(models.Model):
    """One call: when, in which time band, whether the customer answered."""

    revisit = models.ForeignKey(Revisit, on_delete=models.CASCADE,
                                related_name="attempts", verbose_name="回访")
    at = models.DateTimeField("拨打时间")
    band = models.CharField("时段", max_length=10)
    reached = models.BooleanField("接通")
    notes = models.TextField("记录", blank=True)
    caller = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                               verbose_name="回访人")

    class Meta:
        verbose_name = verbose_name_plural = "回访拨打记录"
        ordering = ["at", "id"]

    def __str__(self):
        reached = "接通" if self.reached else "未接通"
        return f"{self.at:%Y-%m-%d %H:%M} {self.band} {reached}"


class RevisitQuestion(models.Model):
    """回访话术: the questions shown to the clerk for one kind of follow-up call."""

    kind = models.CharField("回访类型", max_length=12, choices=Revisit.Kind.choices)
    order = models.PositiveSmallIntegerField("顺序", default=10)
    text = models.CharField("问题", max_length=200)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "回访话术"
        ordering = ["kind", "order", "id"]

    def __str__(self):
        return self.text
