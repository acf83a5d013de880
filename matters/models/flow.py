"""The application's transitions (SPEC §7), mixed into ``Application``.

Each method only sets fields on the application: the services run them through
``run_transition`` (lock, state and permission checks, one save with history), write
the rows around them (materials, special stages) in the same transaction and issue the
documents after commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_fsm import transition

from servicecenter import workdays
from servicecenter.deadlines import compute, deadline_for
from servicecenter.models import TimeLimit
from servicecenter.transitions import condition, fsm_permission, require

from .. import joint_rules
from .. import permissions as perms
from .choices import (
    OPEN_STATES,
    DeliveryMethod,
    InformChannel,
    Outcome,
    StageKind,
    State,
    WindowClass,
)

S = State
PROCESS = "matter"  # the TimeLimit table's process for the centre's own stages


def _choice(value, choices, label):
    if value not in choices.values:
        raise ValidationError(f"请选择有效的{label}。")


@condition("还有必需的材料未收齐或需补正，不能受理；请先出具一次性告知书。")
def materials_complete(app) -> bool:
    return not app.missing_materials().exists()


@condition("缺少的材料中有不允许容缺的，不能容缺受理。")
def only_waivable_missing(app) -> bool:
    missing = app.missing_materials()
    return missing.exists() and not missing.filter(material__waivable=False).exists()


@condition("材料齐全，无需补正。")
def has_missing_materials(app) -> bool:
    return app.owed_materials().exists()


@condition("只有即办件（当日办结）可以当场办结。")
def is_immediate(app) -> bool:
    version = app.version
    return version.same_day or version.window_class == WindowClass.IMMEDIATE


class ApplicationFlow:
    # --- materials (read by the conditions) -------------------------------------
    def owed_materials(self):
        """Materials of this application not received, or received with a problem."""
        return self.materials.filter(supplied_at__isnull=True).exclude(
            received=True, problem="")

    def missing_materials(self):
        """Required materials still owed (what blocks acceptance)."""
        return self.owed_materials().filter(material__required=True)

    # --- deadlines ----------------------------------------------------------------
    def _set_due(self, due, provisional=False):
        self.due_at, self.due_provisional = due, provisional

    def set_notice_due(self, start=None) -> None:
        """一次性告知: within 2 working days of receipt (TimeLimit matter/notice)."""
        deadline = deadline_for(PROCESS, "notice", start or self.received_at)
        self.notice_due_at = deadline.due
        self._set_due(deadline.due, deadline.provisional)

    def recompute_promise(self) -> None:
        """The item's limit in working days from acceptance (当日: that day), plus an
        approved extension and the working days spent in 特殊环节."""
        version = self.version
        days = 0 if version.same_day else (version.promised_limit_days or 0)
        extra = self.extension_days + self.paused_days
        deadline = compute(self.accepted_at, days + extra,
                           TimeLimit.Unit.WORKING_DAYS)
        self.promised_due_at = deadline.due
        self._set_due(deadline.due, deadline.provisional)

    def set_inform_due(self) -> None:
        deadline = deadline_for(PROCESS, "inform", self.decided_at)
        self.inform_due_at = deadline.due
        self._set_due(deadline.due, deadline.provisional)

    def _accept(self, user):
        self.accepted_at, self.accepted_by = timezone.now(), user
        self.recompute_promise()

    def _decide(self, user, outcome, decision_text):
        _choice(outcome, Outcome, "办理结果")
        self.outcome, self.decision_text = outcome, decision_text.strip()
        self.decided_at, self.decided_by = timezone.now(), user
        self.set_inform_due()

    # --- intake -------------------------------------------------------------------
    @transition(field="state", source=S.RECEIVED, target=S.CORRECTION,
                permission=fsm_permission(perms.can_request_correction_application),
                conditions=[has_missing_materials],
                custom={"label": "一次性告知补正"})
    def request_correction(self, *, user, note=""):
        """received → correction; a clerk; records when the 一次性告知书 (every owed
        material with its problem, listed at once) was issued. The clock has not
        started."""
        self.notice_issued_at = timezone.now()
        self.note = note.strip() or self.note
        self._set_due(None)

    @transition(field="state", source=S.CORRECTION, target=S.RECEIVED,
                permission=fsm_permission(perms.can_resubmit_application),
                custom={"label": "补正材料收件"})
    def resubmit(self, *, user):
        """correction → received; a clerk; the materials came: a new 2-working-day
        notice limit runs from now."""
        self.set_notice_due(timezone.now())

    @transition(field="state", source=S.RECEIVED, target=S.ACCEPTED,
                permission=fsm_permission(perms.can_accept_application),
                conditions=[materials_complete], custom={"label": "受理"})
    def accept(self, *, user):
        """received → accepted; a clerk; records accepted_at and the promised date
        (受理回执). The clock starts."""
        self._accept(user)

    @transition(field="state", source=S.RECEIVED, target=S.ACCEPTED,
                permission=fsm_permission(perms.can_accept_with_waiver_application),
                conditions=[only_waivable_missing], custom={"label": "容缺受理"})
    def accept_with_waiver(self, *, user, promised_by=None):
        """received → accepted; a clerk; 容缺: the applicant promises in writing to
        supply the waived materials by ``promised_by`` (the sweep chases it)."""
        require(承诺补交日期=promised_by)
        if promised_by < timezone.localdate():
            raise ValidationError("承诺补交日期不能早于今天。")
        self.waiver_due_at = workdays.end_of_day(promised_by)
        self._accept(user)

    @transition(field="state", source=[S.RECEIVED, S.CORRECTION], target=S.REJECTED,
                permission=fsm_permission(perms.can_refuse_application),
                custom={"label": "不予受理", "style": "danger"})
    def refuse(self, *, user, reason="", basis="", remedy=""):
        """received/correction → rejected; a clerk; records the reason, the legal basis
        and the remedy (不予受理决定书); reported to the centre office (否定报备)."""
        require(不予受理理由=reason.strip(), 法律依据=basis.strip(),
                救济途径=remedy.strip())
        self.refusal_reason, self.refusal_basis = reason.strip(), basis.strip()
        self.remedy, self.refused_at = remedy.strip(), timezone.now()
        self._set_due(None)

    @transition(field="state", source=S.RECEIVED, target=S.DECIDED,
                permission=fsm_permission(perms.can_complete_at_once_application),
                conditions=[is_immediate, materials_complete],
                custom={"label": "即办办结"})
    def complete_at_once(self, *, user, decision_text=""):
        """received → decided; a clerk; 即办件: accepted and granted in one visit."""
        self._accept(user)
        self._decide(user, Outcome.GRANTED, decision_text or "材料齐全，当场办结。")

    # --- the department -----------------------------------------------------------
    @transition(field="state", source=S.ACCEPTED, target=S.HANDLING,
                permission=fsm_permission(perms.can_take_application),
                custom={"label": "承办"})
    def take(self, *, user, handler=None):
        """accepted → handling; a handler of the department (or its head assigns
        one); records the handler."""
        handler = handler or user
        if not self.department.members.filter(pk=handler.pk).exists():
            raise ValidationError("承办人须是承办科室的成员。")
        self.handler = handler

    @transition(field="state", source=S.HANDLING, target=S.SPECIAL,
                permission=fsm_permission(perms.can_pause_application),
                custom={"label": "进入特殊环节", "style": "secondary"})
    def pause(self, *, user, kind="", planned_days=None):
        """handling → special; the handler; the service records the SpecialStage
        (kind, planned days). The clock stands still."""
        _choice(kind, StageKind, "特殊环节")
        if not planned_days or planned_days < 1:
            raise ValidationError("请填写特殊环节的计划天数（至少1天）。")

    @transition(field="state", source=S.SPECIAL, target=S.HANDLING,
                permission=fsm_permission(perms.can_resume_application),
                custom={"label": "特殊环节结束"})
    def resume(self, *, user, stage=None):
        """special → handling; the handler; the working days of the stage are added
        to the promise (not counted, by law)."""
        require(特殊环节=stage)
        started = timezone.localdate(stage.started_at)
        self.paused_days += workdays.workdays_between(started, timezone.localdate())
        self.recompute_promise()

    @transition(field="state", source=S.HANDLING, target=S.REVIEW,
                permission=fsm_permission(perms.can_submit_application),
                conditions=[joint_rules.joint_opinions_settled],
                custom={"label": "提交审核"})
    def submit(self, *, user, opinion=""):
        """handling → review; the handler; records the 承办意见."""
        require(承办意见=opinion.strip())
        self.opinion, self.send_back_reason = opinion.strip(), ""

    @transition(field="state", source=S.REVIEW, target=S.HANDLING,
                permission=fsm_permission(perms.can_send_back_application),
                custom={"label": "退回承办", "style": "secondary"})
    def send_back(self, *, user, reason=""):
        """review → handling; the head or the item's approver; records why."""
        require(退回理由=reason.strip())
        self.send_back_reason = reason.strip()

    @transition(field="state", source=S.REVIEW, target=S.DECIDED,
                permission=fsm_permission(perms.can_decide_application),
                conditions=[joint_rules.joint_opinions_settled],
                custom={"label": "审核办结"})
    def decide(self, *, user, outcome="", decision_text=""):
        """review → decided; the head or the item's approver; records 准予/不予 and
        the decision text; the 办结告知 is due next."""
        require(决定内容=decision_text.strip())
        joint_rules.check_outcome(self, outcome)  # 并联审批: a refusal stops 准予
        self._decide(user, outcome, decision_text)

    # --- the window again ---------------------------------------------------------
    @transition(field="state", source=S.DECIDED, target=S.NOTIFIED,
                permission=fsm_permission(perms.can_inform_application),
                custom={"label": "办结告知"})
    def inform(self, *, user, inform_channel=""):
        """decided → notified; a clerk; records how the applicant was told."""
        _choice(inform_channel, InformChannel, "告知方式")
        self.inform_channel, self.informed_at = inform_channel, timezone.now()
        self._set_due(None)

    @transition(field="state", source=S.NOTIFIED, target=S.CLOSED,
                permission=fsm_permission(perms.can_deliver_application),
                custom={"label": "送达"})
    def deliver(self, *, user, delivery_method="", delivered_at=None):
        """notified → closed; a clerk; records the delivery (领取, 邮寄, 送证上门)."""
        _choice(delivery_method, DeliveryMethod, "送达方式")
        delivered_at = delivered_at or timezone.now()
        if isinstance(delivered_at, datetime.datetime) and (
                delivered_at > timezone.now() + datetime.timedelta(minutes=5)):
            raise ValidationError("送达时间不能晚于现在。")
        self.delivery_method, self.delivered_at = delivery_method, delivered_at

    @transition(field="state", source=OPEN_STATES, target=S.WITHDRAWN,
                permission=fsm_permission(perms.can_withdraw_application),
                custom={"label": "撤回", "style": "danger"})
    def withdraw(self, *, user, reason=""):
        """any open state → withdrawn; a clerk, at the applicant's request; records
        the reason."""
        require(撤回理由=reason.strip())
        self.withdraw_reason, self.withdrawn_at = reason.strip(), timezone.now()
        self._set_due(None)
