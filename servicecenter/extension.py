"""延期: the one shape of an extension request, shared by every process that has one.

A handler asks once, with the days and the reason; a leader approves or refuses. The
record's own model (``petitions.Extension``, ``matters.ApplicationExtension``) adds the
link to its record (a one-to-one: once per record) and names its permission;
``request_extension`` and ``decide_extension`` are the use cases, and the caller's
``extend`` moves the record's deadline in the same transaction as the approval.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .clock import ProcessClock
from .transitions import TransitionRefused, create_record, run_transition


def _may_decide(instance, user) -> bool:
    return bool(type(instance).decide_permission(user, instance))


class ExtensionRequest(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不批准"

    state = FSMField("状态", default=State.REQUESTED, choices=State.choices,
                     protected=True)
    # a leader decides; no time limit runs (the record's own limit does)
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

    # the subclass's ``can_decide_<model>(user, extension)``
    decide_permission: Callable = staticmethod(lambda user, ext: False)
    record_field = "record"  # the subclass's one-to-one to its record

    class Meta:
        abstract = True

    @property
    def record(self):
        return getattr(self, self.record_field)

    def _decide(self, user, note):
        self.decided_by, self.decided_at = user, timezone.now()
        self.decision_note = note.strip()

    @transition(field="state", source=State.REQUESTED, target=State.APPROVED,
                permission=_may_decide, custom={"label": "批准延期"})
    def approve(self, *, user, note=""):
        """requested → approved; a leader; the service moves the record's deadline."""
        self._decide(user, note)

    @transition(field="state", source=State.REQUESTED, target=State.REFUSED,
                permission=_may_decide, custom={"label": "不批准", "style": "danger"})
    def refuse(self, *, user, note=""):
        """requested → refused; a leader; records why."""
        if not note.strip():
            raise ValidationError("请填写不批准的理由。")
        self._decide(user, note)


def request_extension(model, record, user, *, days: int, reason: str,
                      maximum: int, once_message: str):
    """Create the one request of ``record`` (locked), after the caller's checks."""
    if not 1 <= days <= maximum:
        raise TransitionRefused(f"延期天数应为1至{maximum}天。")
    if not reason.strip():
        raise TransitionRefused("请填写延期理由。")
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        if model.objects.filter(**{model.record_field: locked}).exists():
            raise TransitionRefused(once_message)
        ext = model(**{model.record_field: locked}, days=days, reason=reason.strip(),
                    requested_by=user)
        return create_record(ext, user, name="request", remark=reason.strip())


def decide_extension(extension, user, *, approve: bool, note="", expected_state=None,
                     extend: Callable | None = None, after_commit=()):
    """A leader approves (``extend(ext, user)`` moves the deadline, same transaction)
    or refuses the request."""
    verb = "approve" if approve else "refuse"
    with transaction.atomic():
        ext = run_transition(extension, verb, user, note, note=note,
                             expected_state=expected_state,
                             after_commit=after_commit if approve else ())
        if approve and extend is not None:
            extend(ext, user)
    return ext
