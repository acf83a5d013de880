"""联办件 / 并联审批: the departments an item version consults, and their opinions.

The seeds' 服务项目并联审批制度: an application that needs two or more departments
(联办件) is handled by the related windows at the same time (按照各自职责同步办理,
在承诺时限内办结), and the results go to the centre office. 超时默认制: a department
that has not answered by its limit is recorded as 默认同意 (by the sweep,
``matters.joint``), flagged to the centre office and counted against it in the
accountability report.

An item version declares its ``JointDepartment`` rows (catalogue admin inline); when an
application of that version is accepted (受理) one ``JointOpinion`` per department is
opened, due ``limit_days`` working days after the acceptance.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.models import Department, history
from servicecenter.transitions import fsm_permission, require

from .catalogue import ItemVersion


class JointDepartment(models.Model):
    """One department an item version consults in parallel (并联审批)."""

    version = models.ForeignKey(ItemVersion, verbose_name="版本",
                                on_delete=models.CASCADE,
                                related_name="joint_departments")
    department = models.ForeignKey(Department, verbose_name="联办部门",
                                   on_delete=models.PROTECT, related_name="+")
    limit_days = models.PositiveSmallIntegerField(
        "办理时限（工作日）", default=5,
        help_text="自受理之日起的工作日数；逾期未回复的按超时默认制视为同意。")
    subject = models.CharField("审查内容", max_length=200,
                               help_text="如：实地踏勘审查、用地审查意见。")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "联办部门（并联审批）"
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "department"],
                                    name="joint_department_uniq"),
        ]

    def __str__(self):
        return f"{self.department}（{self.limit_days}个工作日）"

    def clean(self):
        if not self.limit_days:
            raise ValidationError("联办部门的办理时限至少1个工作日。")
        version = getattr(self, "version", None)
        promised = version.promised_limit_days if version else None
        if promised and self.limit_days > promised:
            raise ValidationError(
                f"联办部门的办理时限不得长于事项的承诺时限（{promised}个工作日）。")


def can_answer_joint_opinion(user, opinion) -> bool:
    """A handler who is a member of the consulted department, or its head."""
    from servicecenter.roles import HANDLER, has_role

    from ..permissions import is_head, is_member

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    department = opinion.department
    return ((has_role(user, HANDLER) and is_member(user, department))
            or is_head(user, department))


def can_default_joint_opinion(user, opinion) -> bool:
    """超时默认: only the sweep (user None), once the limit has passed."""
    return user is None and opinion.due_at is not None and (
        opinion.due_at < timezone.now())


class JointOpinion(ConcurrentTransitionMixin, models.Model):
    """One consulted department's opinion on one application."""

    class State(models.TextChoices):
        PENDING = "pending", "待回复"
        AGREED = "agreed", "同意"
        REFUSED = "refused", "不同意"
        DEFAULTED = "defaulted", "默认同意"

    S = State
    application = models.ForeignKey("matters.Application", verbose_name="办件",
                                    on_delete=models.CASCADE,
                                    related_name="joint_opinions")
    department = models.ForeignKey(Department, verbose_name="联办部门",
                                   on_delete=models.PROTECT,
                                   related_name="joint_opinions")
    subject = models.CharField("审查内容", max_length=200, blank=True)
    limit_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    opened_at = models.DateTimeField("发起时间")
    due_at = models.DateTimeField("回复期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    state = FSMField("状态", default=S.PENDING, choices=S.choices, protected=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回复人",
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField("回复时间", null=True, blank=True)
    text = models.TextField("意见", blank=True)
    reasons = models.TextField("不同意理由", blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "并联审批意见"
        ordering = ["application", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "department"],
                                    name="joint_opinion_uniq"),
        ]
        indexes = [
            # a department's pending opinions (joint.pending_for) in (due_at, id)
            # order off the index: without the id, the ~840 of the busiest
            # department at 1M were joined to their 办件 and sorted (47 ms)
            models.Index(fields=["department", "state", "due_at", "id"],
                         name="joint_dept_queue_idx"),
            models.Index(fields=["state", "due_at"], name="joint_state_due_idx"),
        ]

    def __str__(self):
        return f"{self.department}：{self.get_state_display()}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.S.PENDING

    @property
    def is_refused(self) -> bool:
        return self.state == self.S.REFUSED

    @property
    def is_defaulted(self) -> bool:
        return self.state == self.S.DEFAULTED

    @property
    def answered_late(self) -> bool:
        return (self.state in (self.S.AGREED, self.S.REFUSED)
                and self.answered_at is not None and self.answered_at > self.due_at)

    def _answer(self, user, text):
        self.answered_by, self.answered_at = user, timezone.now()
        self.text = text.strip()

    @transition(field="state", source=S.PENDING, target=S.AGREED,
                permission=fsm_permission(can_answer_joint_opinion),
                custom={"label": "同意"})
    def agree(self, *, user, text=""):
        """pending → agreed; a member of the department; records the opinion."""
        self._answer(user, text or "同意。")

    @transition(field="state", source=S.PENDING, target=S.REFUSED,
                permission=fsm_permission(can_answer_joint_opinion),
                custom={"label": "不同意", "style": "danger"})
    def refuse(self, *, user, text="", reasons=""):
        """pending → refused; a member of the department; the reasons are required
        (they are shown on the record page and stop the 准予)."""
        require(不同意理由=reasons.strip())
        self._answer(user, text)
        self.reasons = reasons.strip()

    @transition(field="state", source=S.PENDING, target=S.DEFAULTED,
                permission=fsm_permission(can_default_joint_opinion),
                custom={"label": "超时默认", "system": True})
    def default(self, *, user=None):
        """pending → defaulted; the sweep, past the limit: 超时默认制, recorded as
        answered by 系统 at the limit."""
        self.answered_by, self.answered_at = None, self.due_at
        self.text = (f"{self.limit_days}个工作日内未回复意见，"
                     "按超时默认制视为同意。")
