"""Complaint use cases: one function per verb, each through the shared runner."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from servicecenter.deadlines import deadline_for
from servicecenter.numbering import next_number
from servicecenter.transitions import TransitionRefused, create_record, run_transition

from ..models import Complaint, Revisit
from .permissions import can_register_complaint


def _new_complaint(user, *, source, party, subject, content, received_at=None,
                   related=None, source_revisit=None, rectify=None, remark=""):
    received_at = received_at or timezone.now()
    complaint = Complaint(source=source, party=party, subject=subject, content=content,
                          received_at=received_at, source_revisit=source_revisit)
    if related is not None:
        complaint.related_type = ContentType.objects.get_for_model(related)
        complaint.related_id = related.pk
    if rectify is not None:
        complaint.rectify_due_at = rectify.due
    due = rectify or deadline_for("complaint", "accept", received_at)
    try:
        complaint.register(user=user, due=due)
    except ValidationError as exc:
        raise TransitionRefused("；".join(exc.messages)) from exc
    with transaction.atomic():
        complaint.number = next_number("TS")
        create_record(complaint, user, name="register", remark=remark)
    return complaint


def register_complaint(user, *, source, party, subject, content, received_at=None,
                       related=None, remark="") -> Complaint:
    """— → registered; clerk. The accept/reject deadline runs from receipt."""
    if not can_register_complaint(user):
        raise TransitionRefused("您没有权限执行「登记」。")
    return _new_complaint(user, source=source, party=party, subject=subject,
                          content=content, received_at=received_at, related=related,
                          remark=remark)


def open_complaint_from_rating(revisit: Revisit, user) -> Complaint:
    """A bad rating opens a complaint linked both ways, with a rectification
    deadline (complaint/rectify, default 15 working days). Called by the clerk's
    call recording, whatever their register permission: the rating is the source."""
    existing = Complaint.objects.filter(source_revisit=revisit).first()
    if existing:
        return existing
    now = timezone.now()
    rating = revisit.get_rating_display()
    return _new_complaint(
        user, source=Complaint.Source.BAD_RATING, party=revisit.party,
        subject=f"回访差评（{rating}）：{revisit.get_kind_display()} {revisit.number}",
        content=revisit.notes or f"客户在回访中评价「{rating}」。",
        received_at=now, related=revisit.record, source_revisit=revisit,
        rectify=deadline_for("complaint", "rectify", now),
        remark=f"回访 {revisit.number} 差评自动立案")


ANONYMOUS_RATER = "匿名群众（窗口评价器）"


def open_rectification(record, *, party, subject, content, user=None) -> Complaint:
    """A bad rating given elsewhere (the window's rating screen) opens a complaint
    about ``record`` (the rating), with the rectification deadline (complaint/
    rectify, default 15 working days); one per record. Nobody known (a rating
    without an application): the complainant is the shared anonymous party."""
    from servicecenter.models import Party

    ct = ContentType.objects.get_for_model(record)
    existing = Complaint.objects.filter(related_type=ct, related_id=record.pk,
                                        source=Complaint.Source.BAD_RATING).first()
    if existing:
        return existing
    if party is None:
        party = (Party.objects.filter(name=ANONYMOUS_RATER).order_by("pk").first()
                 or Party.objects.create(name=ANONYMOUS_RATER))
    now = timezone.now()
    return _new_complaint(
        user, source=Complaint.Source.BAD_RATING, party=party, subject=subject,
        content=content, received_at=now, related=record,
        rectify=deadline_for("complaint", "rectify", now), remark="差评自动立案整改")


def accept_complaint(complaint, user, *, truthfulness, reasonableness, responsible,
                     assessment="", department=None, remark="", expected_state=None):
    """registered → accepted; manager. A bad-rating complaint keeps its
    rectification deadline; any other gets the handling limit from now."""
    if complaint.rectify_due_at:
        from servicecenter.workdays import Deadline

        due = Deadline(complaint.rectify_due_at, complaint.due_provisional)
    else:
        due = deadline_for("complaint", "handle", timezone.now())
    return run_transition(complaint, "accept", user, remark or assessment,
                          expected_state=expected_state, truthfulness=truthfulness,
                          reasonableness=reasonableness, responsible=responsible,
                          assessment=assessment, department=department, due=due)


def reject_complaint(complaint, user, *, reason, notified_how, expected_state=None):
    return run_transition(complaint, "reject", user, reason,
                          expected_state=expected_state, reason=reason,
                          notified_how=notified_how)


def handle_complaint(complaint, user, *, cause, actions, result, expected_state=None):
    """accepted → handled; the responsible person. The 3–7 day follow-up call is
    scheduled in the same transaction: a handled complaint never lacks its call, and
    a reopened complaint handled again gets a call of its own (the next round)."""
    at = timezone.now()
    with transaction.atomic():
        saved = run_transition(complaint, "handle", user, result,
                               expected_state=expected_state, cause=cause,
                               actions=actions, result=result, at=at)
        from ..followups import schedule_followup

        schedule_followup(saved, "complaint", at, engineer=saved.responsible,
                          department=saved.department, party=saved.party, user=user,
                          round=saved.reopen_count + 1)
    return saved


def report_complaint(complaint, user, *, reported_to, remark="", expected_state=None):
    return run_transition(complaint, "report", user, remark or reported_to,
                          expected_state=expected_state, reported_to=reported_to)


def reopen_complaint(complaint, user, *, reason, expected_state=None):
    due = deadline_for("complaint", "handle", timezone.now())
    return run_transition(complaint, "reopen", user, reason,
                          expected_state=expected_state, reason=reason, due=due)


def complaint_followup(complaint):
    from ..followups import find_followup

    return find_followup(complaint, "complaint")


def archive_complaint(complaint, user, *, remark="", expected_state=None):
    """reported, rejected → archived; clerk; its follow-up call must be finished."""
    followup = complaint_followup(complaint)
    return run_transition(complaint, "archive", user, remark,
                          expected_state=expected_state,
                          followup_state=followup.state if followup else None,
                          at=timezone.now())
