"""延期: one request per petition, by the handler, decided by a leader."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter.clock import ProcessClock
from servicecenter.models import history
from servicecenter.transitions import fsm_permission

from .. import permissions as perms


class Extension(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不批准"

    petition = models.OneToOneField("petitions.Petition", verbose_name="信访事项",
                                    on_delete=models.CASCADE, related_name="extension")
    state = FSMField("状态", default=State.REQUESTED, choices=State.choices,
                     protected=True)
    # a leader decides; no time limit runs (the petition's handling limit does)
    clock = ProcessClock(open=[State.REQUESTED], due_field=None, overdue_field=None)
    days = models.PositiveSmallIntegerField("延期天数")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人",
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人",
                                   on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "信访延期申请"
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state"], name="petition_ext_state_idx")]

    def __str__(self):
        return f"{self.petition.number} 延期{self.days}天"

    def _decide(self, user, note):
        self.decided_by, self.decided_at = user, timezone.now()
        self.decision_note = note.strip()

    @transition(field=state, source=State.REQUESTED, target=State.APPROVED,
                permission=fsm_permission(perms.can_decide_extension),
                custom={"label": "批准延期"})
    def approve(self, *, user, note=""):
        """requested → approved; a leader; the service moves the handling deadline."""
        self._decide(user, note)

    @transition(field=state, source=State.REQUESTED, target=State.REFUSED,
                permission=fsm_permission(perms.can_decide_extension),
                custom={"label": "不批准", "style": "danger"})
    def refuse(self, *, user, note=""):
        """requested → refused; a leader; records why."""
        if not note.strip():
            raise ValidationError("请填写不批准的理由。")
        self._decide(user, note)
