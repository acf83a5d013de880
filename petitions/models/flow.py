"""The petition's transitions (SPEC §2), mixed into ``Petition``.

Each method only sets fields on the petition: the services run them through
``run_transition`` (lock, state and permission checks, one save with history) and
issue the documents after commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_fsm import GET_STATE, transition

from servicecenter.deadlines import deadline_for
from servicecenter.transitions import condition, fsm_permission, require

from .. import permissions as perms
from .choices import Outcome, ReviewDecision, Route, Satisfaction, State

S = State


def _choice(value, choices, label):
    if value not in choices.values:
        raise ValidationError(f"请选择有效的{label}。")


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9),
                                     timezone.get_current_timezone())


@condition("已超过5个工作日的退回期限，不能再退回，请按时办理或申请延期。")
def within_return_window(petition) -> bool:
    return petition.return_due_at is None or timezone.now() <= petition.return_due_at


@condition("该信访事项已经复查过，不能再次申请复查；如不服复查意见，可申请复核。")
def not_reviewed_yet(petition) -> bool:
    return not petition.review_decision


@condition("只有经过复查后办结的信访事项才能申请复核，且复核只能申请一次。")
def reviewed_not_re_reviewed(petition) -> bool:
    return bool(petition.review_decision) and not petition.re_review_decision


def _after_review(petition, *args, redo=False, **kwargs):
    return S.IN_PROGRESS if redo else S.CLOSED


class PetitionFlow:
    @transition(field="state", source=S.REGISTERED, target=S.ACCEPTED,
                permission=fsm_permission(perms.can_accept_petition),
                custom={"label": "受理"})
    def accept(self, *, user, instruction="", department=None, handler=None):
        """registered → accepted; a leader; records 批示, department (and, for
        揭发控告, the handler), the 60-day handling deadline and the
        5-working-day return limit."""
        require(领导批示=instruction.strip(), 承办科室=department)
        if (handler is not None
                and not department.members.filter(pk=handler.pk).exists()):
            raise ValidationError("承办人须是承办科室的成员。")
        if self.is_confidential and handler is None:
            raise ValidationError("揭发控告类信访须指定承办人，"
                                  "仅其本人和领导可以查看。")
        self.instruction, self.department = instruction.strip(), department
        self.handler = handler
        self.decided_by, self.decided_at = user, timezone.now()
        self.return_reason = ""
        self.return_due_at = deadline_for("petition", "return_to_office",
                                          self.decided_at).due
        self.recompute_handle_due()

    @transition(field="state", source=S.REGISTERED, target=S.DECLINED,
                permission=fsm_permission(perms.can_decline_petition),
                custom={"label": "不予受理", "style": "danger"})
    def decline(self, *, user, reason="", route="", route_detail="", instruction=""):
        """registered → declined; a leader; records the reason and the proper route
        (诉讼, 仲裁, 行政复议, another body) for the 不予受理告知书."""
        require(不予受理理由=reason.strip())
        _choice(route, Route, "救济途径")
        if route == Route.OTHER_BODY and not route_detail.strip():
            raise ValidationError("请写明应向哪个机关提出。")
        self.decline_reason, self.route = reason.strip(), route
        self.route_detail, self.instruction = route_detail.strip(), instruction.strip()
        self.decided_by, self.decided_at = user, timezone.now()
        self.due_at = None

    @transition(field="state", source=S.REGISTERED, target=S.TRANSFERRED,
                permission=fsm_permission(perms.can_transfer_petition),
                custom={"label": "转送"})
    def transfer(self, *, user, receiving_body="", instruction=""):
        """registered → transferred; a leader; records the receiving body (转送函)."""
        require(转送机关=receiving_body.strip())
        self.transfer_to, self.instruction = receiving_body.strip(), instruction.strip()
        self.decided_by, self.decided_at = user, timezone.now()
        self.due_at = None

    @transition(field="state", source=S.REGISTERED, target=S.MERGED,
                permission=fsm_permission(perms.can_mark_duplicate_petition),
                custom={"label": "重复信访合并", "style": "secondary"})
    def mark_duplicate(self, *, user, original=None):
        """registered → merged; a clerk or leader; records the original petition."""
        require(原信访事项=original)
        if original.pk == self.pk or original.state == S.MERGED:
            raise ValidationError("原信访事项须是另一件未被合并的信访。")
        self.duplicate_of = original
        self.due_at = None

    @transition(field="state", source=[S.ACCEPTED, S.IN_PROGRESS], target=None,
                permission=fsm_permission(perms.can_reassign_petition),
                custom={"label": "改派承办人", "style": "secondary"})
    def reassign(self, *, user, handler=None, reason=""):
        """accepted / in_progress → the same state; the department head or a leader;
        another handler of the same department, and why (the history's remark)."""
        require(承办人=handler, 改派原因=reason.strip())
        if not self.department.members.filter(pk=handler.pk).exists():
            raise ValidationError("承办人须是承办科室的成员。")
        if handler.pk == self.handler_id:
            raise ValidationError("新承办人与当前承办人相同。")
        self.handler = handler

    @transition(field="state", source=S.ACCEPTED, target=S.IN_PROGRESS,
                permission=fsm_permission(perms.can_sign_petition),
                custom={"label": "签收"})
    def sign(self, *, user):
        """accepted → in_progress; a handler of the department; records who signed."""
        self.handler, self.signed_at = user, timezone.now()

    @transition(field="state", source=S.ACCEPTED, target=S.REGISTERED,
                permission=fsm_permission(perms.can_return_to_office_petition),
                conditions=[within_return_window],
                custom={"label": "非本单位职责退回", "style": "secondary"})
    def return_to_office(self, *, user, reason=""):
        """accepted → registered; a handler of the department, within 5 working days
        of acceptance; records why it is not the department's remit."""
        require(退回理由=reason.strip())
        self.return_reason = reason.strip()
        self.department = self.handler = None
        self.handle_due_at = self.return_due_at = None
        self.due_at = self.accept_due_at

    @transition(field="state", source=S.IN_PROGRESS, target=S.RESULT_REPORTED,
                permission=fsm_permission(perms.can_report_result_petition),
                custom={"label": "上报办理结果"})
    def report_result(self, *, user, outcome="", facts="", legal_basis="", actions=""):
        """in_progress → result_reported; the handler; records outcome, facts and
        reasons, legal basis and actions taken."""
        _choice(outcome, Outcome, "办理结果")
        require(事实和理由=facts.strip(), 法律政策依据=legal_basis.strip())
        self.outcome, self.facts = outcome, facts.strip()
        self.legal_basis, self.actions = legal_basis.strip(), actions.strip()
        self.result_at = timezone.now()

    @transition(field="state", source=S.RESULT_REPORTED, target=S.IN_PROGRESS,
                permission=fsm_permission(perms.can_send_back_petition),
                custom={"label": "退回重办", "style": "secondary"})
    def send_back(self, *, user, reason=""):
        """result_reported → in_progress; a clerk or leader; records why (退回重办)."""
        require(退回重办理由=reason.strip())
        self.send_back_reason = reason.strip()

    @transition(field="state", source=S.RESULT_REPORTED, target=S.REPLIED,
                permission=fsm_permission(perms.can_reply_petition),
                custom={"label": "答复信访人"})
    def reply(self, *, user, reply_method="", replied_on=None):
        """result_reported → replied; a clerk; records method and date, opens the
        30-day window for 复查 (处理意见书)."""
        require(答复方式=reply_method.strip(), 答复日期=replied_on)
        if replied_on > timezone.localdate():
            raise ValidationError("答复日期不能晚于今天。")
        self.reply_method, self.replied_on = reply_method.strip(), replied_on
        window = deadline_for("petition", "review_window", _start_of(replied_on))
        self.review_due_at = window.due
        self.due_at, self.due_provisional = window.due, window.provisional

    @transition(field="state", source=S.REPLIED, target=S.CLOSED,
                permission=fsm_permission(perms.can_close_petition),
                custom={"label": "办结"})
    def close(self, *, user, satisfaction=""):
        """replied → closed; a clerk, or the sweep once 30 days passed with no review
        request; records the satisfaction if given."""
        if satisfaction:
            _choice(satisfaction, Satisfaction, "满意度")
        self.satisfaction = satisfaction
        self.due_at = None

    @transition(field="state", source=S.REPLIED, target=S.UNDER_REVIEW,
                permission=fsm_permission(perms.can_request_review_petition),
                conditions=[not_reviewed_yet],
                custom={"label": "申请复查", "style": "secondary"})
    def request_review(self, *, user, requested_on=None, reviewing_body=""):
        """replied → under_review; a clerk; records the request date (within 30 days
        of the reply) and the reviewing body; the answer is due in 30 days."""
        require(申请日期=requested_on, 复查机关=reviewing_body.strip())
        if _start_of(requested_on) > self.review_due_at:
            raise ValidationError("已超过答复后30日的复查申请期限。")
        self.review_requested_on = requested_on
        self.review_body = reviewing_body.strip()
        self._answer_due(requested_on)

    @transition(field="state", source=S.UNDER_REVIEW,
                target=GET_STATE(_after_review, states=[S.CLOSED, S.IN_PROGRESS]),
                permission=fsm_permission(perms.can_record_review_petition),
                custom={"label": "录入复查意见"})
    def record_review(self, *, user, decision="", opinion="", redo=False):
        """under_review → closed, or → in_progress when the decision must be redone;
        a clerk; records the 复查意见 (维持 / 撤销 / 变更)."""
        _choice(decision, ReviewDecision, "复查意见")
        require(复查意见说明=opinion.strip())
        if redo and decision == ReviewDecision.UPHOLD:
            raise ValidationError("复查意见为维持时，不需要重新办理。")
        self.review_decision, self.review_opinion = decision, opinion.strip()
        self.review_decided_on = timezone.localdate()
        if redo:
            self.decided_at = timezone.now()
            self.recompute_handle_due()
        else:
            self.due_at = None

    @transition(field="state", source=S.CLOSED, target=S.UNDER_RE_REVIEW,
                permission=fsm_permission(perms.can_request_re_review_petition),
                conditions=[reviewed_not_re_reviewed],
                custom={"label": "申请复核", "style": "secondary"})
    def request_re_review(self, *, user, requested_on=None, reviewing_body=""):
        """closed (after 复查) → under_re_review; a clerk; records the request date
        (within 30 days of the 复查 opinion) and the body."""
        require(申请日期=requested_on, 复核机关=reviewing_body.strip())
        limit = deadline_for("petition", "review_window",
                             _start_of(self.review_decided_on)).due
        if _start_of(requested_on) > limit:
            raise ValidationError("已超过复查意见后30日的复核申请期限。")
        self.re_review_requested_on = requested_on
        self.re_review_body = reviewing_body.strip()
        self._answer_due(requested_on)

    @transition(field="state", source=S.UNDER_RE_REVIEW, target=S.CONCLUDED,
                permission=fsm_permission(perms.can_record_re_review_petition),
                custom={"label": "录入复核意见"})
    def record_re_review(self, *, user, decision="", opinion=""):
        """under_re_review → concluded (final: the same facts are not accepted again);
        a clerk; records the 复核意见."""
        _choice(decision, ReviewDecision, "复核意见")
        require(复核意见说明=opinion.strip())
        self.re_review_decision, self.re_review_opinion = decision, opinion.strip()
        self.due_at = None

    def _answer_due(self, requested_on):
        answer = deadline_for("petition", "review_answer", _start_of(requested_on))
        self.due_at, self.due_provisional = answer.due, answer.provisional
