"""The department's part: 承办, 特殊环节, 提交审核, 退回, 审核办结."""

from django.db import transaction
from django.utils import timezone

from servicecenter.transitions import TransitionRefused, run_transition

from ..models import SpecialStage
from . import documents as docs


def take_application(app, user, *, handler=None, expected_state=None, remark=""):
    """accepted → handling: a handler takes it (or the head assigns ``handler``)."""
    return run_transition(app, "take", user, remark, expected_state=expected_state,
                          handler=handler)


def pause_application(app, user, *, kind, planned_days, note="", expected_state=None,
                      remark=""):
    """handling → special: a 特殊环节 (勘验, 公示, 听证, 评审) starts; the promise's
    clock stands still until it ends."""
    with transaction.atomic():
        saved = run_transition(app, "pause", user, remark or note,
                               expected_state=expected_state, kind=kind,
                               planned_days=planned_days)
        SpecialStage.objects.create(application=saved, kind=kind,
                                    planned_days=planned_days, note=note.strip(),
                                    started_at=timezone.now(), started_by=user)
    return saved


def resume_application(app, user, *, expected_state=None, remark=""):
    """special → handling: the stage ends; its working days are added to the
    promise."""
    with transaction.atomic():
        stage = (SpecialStage.objects.select_for_update()
                 .filter(application=app, ended_at__isnull=True)
                 .order_by("-started_at").first())
        if stage is None:
            raise TransitionRefused("没有进行中的特殊环节。")
        saved = run_transition(app, "resume", user, remark,
                               expected_state=expected_state, stage=stage)
        stage.ended_at = timezone.now()
        stage.save(update_fields=["ended_at"])
    return saved


def submit_application(app, user, *, opinion, expected_state=None, remark=""):
    """handling → review: the handler's 承办意见 goes to the head / approver."""
    return run_transition(app, "submit", user, remark or opinion,
                          expected_state=expected_state, opinion=opinion)


def send_back_application(app, user, *, reason, expected_state=None, remark=""):
    """review → handling: the approver sends it back with the reason."""
    return run_transition(app, "send_back", user, remark or reason,
                          expected_state=expected_state, reason=reason)


def decide_application(app, user, *, outcome, decision_text, expected_state=None,
                       remark=""):
    """review → decided: 准予 or 不予, with the decision; the 办结告知 is due next."""
    return run_transition(app, "decide", user, remark or decision_text,
                          expected_state=expected_state, outcome=outcome,
                          decision_text=decision_text,
                          after_commit=[docs.issue(docs.DECISION, user)])
