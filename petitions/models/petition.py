"""信访事项: from the window's register to the reply, review and re-review.

The state field is protected: a state changes only through the transitions below,
run by ``petitions.services`` through ``servicecenter.transitions.run_transition``.
Deadlines follow 信访工作条例 (calendar days) and live in the TimeLimit table.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField

from servicecenter.clock import Owner, ProcessClock
from servicecenter.deadlines import deadline_for
from servicecenter.models import Department, Party, history
from servicecenter.roles import LEADER

from .choices import (  # noqa: F401  (re-exported)
    GROUP_VISIT_HEADCOUNT,
    MAX_REPRESENTATIVES,
    OPEN_STATES,
    Category,
    Channel,
    Outcome,
    ReviewDecision,
    Route,
    Satisfaction,
    State,
)
from .flow import PetitionFlow


def _user_fk(label, related):
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=label,
                             on_delete=models.PROTECT, null=True, blank=True,
                             related_name=related)


class Petition(ConcurrentTransitionMixin, PetitionFlow, models.Model):
    number = models.CharField("编号", max_length=20, unique=True)
    state = FSMField("状态", default=State.REGISTERED, choices=State.choices,
                     protected=True)
    # replied: the petitioner may still ask for 复查, but nobody owes a deadline
    clock = ProcessClock(
        open=OPEN_STATES + [State.REPLIED],
        stage={State.REGISTERED: "accept", State.ACCEPTED: "handle",
               State.IN_PROGRESS: "handle", State.RESULT_REPORTED: "handle",
               State.UNDER_REVIEW: "review_answer",
               State.UNDER_RE_REVIEW: "review_answer"},
        # registered: the leaders decide (accept, decline, transfer) within the limit
        responsible={State.REGISTERED: Owner(role=LEADER),
                     State.ACCEPTED: Owner("handler", "department"),
                     State.IN_PROGRESS: Owner("handler", "department"),
                     State.RESULT_REPORTED: "first_receiver",
                     State.REPLIED: "first_receiver",
                     State.UNDER_REVIEW: "first_receiver",
                     State.UNDER_RE_REVIEW: "first_receiver"},
    )
    channel = models.CharField("信访形式", max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField("收到时间")
    party = models.ForeignKey(Party, verbose_name="信访人", on_delete=models.PROTECT,
                              related_name="petitions")
    representatives = models.ManyToManyField(
        Party, verbose_name="代表", blank=True, related_name="represented_petitions")
    headcount = models.PositiveSmallIntegerField("人数", default=1)
    subject = models.CharField("事由", max_length=120)
    content = models.TextField("主要内容")
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    place = models.CharField("地点/村", max_length=100, blank=True)
    first_receiver = _user_fk("首问接待人", "+")
    related = models.ManyToManyField("self", verbose_name="关联信访", blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name="重复于", null=True,
                                     blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates")
    # leader's decision
    instruction = models.TextField("领导批示", blank=True)
    decided_by = _user_fk("审批人", "+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    department = models.ForeignKey(Department, verbose_name="承办科室", null=True,
                                   blank=True, on_delete=models.PROTECT,
                                   related_name="petitions")
    handler = _user_fk("承办人", "handled_petitions")
    decline_reason = models.TextField("不予受理理由", blank=True)
    route = models.CharField("救济途径", max_length=20, choices=Route.choices,
                             blank=True)
    route_detail = models.CharField("途径说明", max_length=200, blank=True)
    transfer_to = models.CharField("转送机关", max_length=100, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    # handling
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=10, choices=Outcome.choices,
                               blank=True)
    facts = models.TextField("事实和理由", blank=True)
    legal_basis = models.TextField("法律政策依据", blank=True)
    actions = models.TextField("采取的措施", blank=True)
    result_at = models.DateTimeField("上报结果时间", null=True, blank=True)
    send_back_reason = models.TextField("退回重办理由", blank=True)
    # reply, review
    reply_method = models.CharField("答复方式", max_length=40, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, blank=True,
                                    choices=Satisfaction.choices)
    review_requested_on = models.DateField("申请复查日期", null=True, blank=True)
    review_body = models.CharField("复查机关", max_length=100, blank=True)
    review_decision = models.CharField("复查意见", max_length=10, blank=True,
                                       choices=ReviewDecision.choices)
    review_opinion = models.TextField("复查意见说明", blank=True)
    review_decided_on = models.DateField("复查日期", null=True, blank=True)
    re_review_requested_on = models.DateField("申请复核日期", null=True, blank=True)
    re_review_body = models.CharField("复核机关", max_length=100, blank=True)
    re_review_decision = models.CharField("复核意见", max_length=10, blank=True,
                                          choices=ReviewDecision.choices)
    re_review_opinion = models.TextField("复核意见说明", blank=True)
    # deadlines: the stage ones, and the current one every list filters on
    accept_due_at = models.DateTimeField("受理告知期限", null=True, blank=True)
    handle_due_at = models.DateTimeField("办理期限", null=True, blank=True)
    return_due_at = models.DateTimeField("退回期限", null=True, blank=True)
    review_due_at = models.DateTimeField("复查申请期限", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期天数", default=0)
    due_at = models.DateTimeField("当前期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    # set by the deadline sweep (servicecenter.sweep), never by a transition
    marked_overdue = models.BooleanField("已超期", default=False, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = history(excluded_fields=["related"])

    class Meta:
        verbose_name = verbose_name_plural = "信访事项"
        ordering = ["-received_at", "-id"]
        indexes = [
            # the dashboard's on-time trend reads the deadline from the index too
            models.Index(fields=["replied_on"], include=["handle_due_at", "id"],
                         name="petition_replied_on_idx"),
            # with what visible_to() filters on: 工作台's counts (待答复, 即将到期,
            # 已超期) from the index alone
            models.Index(fields=["state", "due_at"], include=["category", "handler"],
                         name="petition_state_due_idx"),
            models.Index(fields=["received_at"], name="petition_received_idx"),
            models.Index(fields=["channel", "received_at"],
                         name="petition_channel_idx"),
            models.Index(fields=["category"], name="petition_category_idx"),
            models.Index(fields=["subject"], name="petition_subject_idx"),
            models.Index(fields=["state", "review_due_at"], name="petition_review_idx"),
            # a state's queue by date (approvals: oldest first; admin: newest first)
            models.Index(fields=["state", "received_at", "id"],
                         name="petition_state_received_idx"),
            # 科室待办: a department's petitions to sign, a handler's in progress
            models.Index(fields=["department", "state", "due_at"],
                         name="petition_dept_state_due_idx"),
            models.Index(fields=["handler", "state", "due_at"],
                         name="petition_handler_state_due_idx"),
            # the dashboard's backlog: open petitions by state and age, due today
            # and overdue, counted from the index alone (the open states of
            # Petition.clock, which the Meta class cannot reference)
            models.Index(fields=["state", "received_at"], include=["due_at", "id"],
                         name="petition_backlog_idx",
                         condition=models.Q(state__in=[
                             "registered", "accepted", "in_progress",
                             "result_reported", "under_review", "under_re_review",
                             "replied"])),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    # --- derived ---
    @property
    def is_confidential(self) -> bool:
        return self.category == Category.ACCUSATION

    @property
    def is_group_visit(self) -> bool:
        return self.headcount >= GROUP_VISIT_HEADCOUNT

    @property
    def is_open(self) -> bool:
        return self.clock.is_open(self)

    @property
    def shows_return_deadline(self) -> bool:
        """The 5-working-day return-to-office limit matters only while accepted."""
        return bool(self.return_due_at and self.state == State.ACCEPTED)

    @property
    def is_overdue(self) -> bool:
        return self.clock.is_overdue(self)

    def review_window_over(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.state == State.REPLIED and self.review_due_at is not None
                and self.review_due_at < now)

    def _set_due(self, deadline, field: str) -> None:
        setattr(self, field, deadline.due)
        self.due_at, self.due_provisional = deadline.due, deadline.provisional

    def set_acceptance_due(self) -> None:
        """Called on registration: 15 days from receipt to tell the petitioner."""
        self._set_due(deadline_for("petition", "accept", self.received_at),
                      "accept_due_at")

    def recompute_handle_due(self) -> None:
        """60 days from acceptance, plus an approved extension."""
        self._set_due(deadline_for("petition", "handle", self.decided_at,
                                   extra=self.extension_days), "handle_due_at")

    def clean(self):
        if self.headcount < 1:
            raise ValidationError({"headcount": "人数至少为1。"})
