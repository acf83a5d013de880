"""Follow-up calls (客户回访): scheduling, attempts, cancelling, bulk planning.

``schedule_followup`` is the entry point the other halves call when a service ticket
closes or a repair is delivered (after commit); the complaint ``handle`` service calls
it inside its own transaction.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from servicecenter.deadlines import deadline_for
from servicecenter.numbering import next_number
from servicecenter.transitions import TransitionRefused, create_record, run_transition

from .models import Revisit, RevisitAttempt

KIND_STAGES = {
    "service": ("service_from", "service_to"),
    "repair": ("service_from", "service_to"),
    "complaint": ("complaint_from", "complaint_to"),
}
BANDS = ("上午", "下午", "晚上")


def max_attempts() -> int:
    return int(getattr(settings, "REVISIT_MAX_ATTEMPTS", 3))


def time_band(moment: datetime.datetime) -> str:
    """上午 before noon, 下午 until 18:00, 晚上 after (local time)."""
    hour = timezone.localtime(moment).hour
    if hour < 12:
        return BANDS[0]
    return BANDS[1] if hour < 18 else BANDS[2]


def followup_window(kind: str, closed_at: datetime.datetime):
    """(first day, last day, provisional) of the call window after ``closed_at``."""
    first_stage, last_stage = KIND_STAGES[kind]
    first = deadline_for("revisit", first_stage, closed_at)
    last = deadline_for("revisit", last_stage, closed_at)
    return (timezone.localtime(first.due).date(), timezone.localtime(last.due).date(),
            first.provisional or last.provisional)


def find_followup(record, kind: str, round: int | None = None):
    """The record's follow-up call of ``kind``: of that round, or the latest."""
    ct = ContentType.objects.get_for_model(record)
    calls = Revisit.objects.filter(record_type=ct, record_id=record.pk, kind=kind)
    if round is not None:
        calls = calls.filter(round=round)
    return calls.order_by("-round").first()


def schedule_record_followup(record, kind, user=None) -> Revisit:
    """The follow-up call of a closed ticket or delivered repair: its customer, its
    engineer and the engineer's (first) department, from its close."""
    engineer = record.engineer
    department = engineer.departments.order_by("pk").first() if engineer else None
    return schedule_followup(record, kind, record.closed_at, engineer=engineer,
                             department=department, party=record.party, user=user)


def schedule_followup(record, kind, closed_at, *, engineer=None, department=None, party,
                      user=None, round: int = 1) -> Revisit:
    """The one follow-up call of ``kind`` (and ``round``) for ``record``, created on
    first call.

    Idempotent: the unique constraint (record, kind, round) holds under concurrency; a
    second caller (or a second run) gets the existing call back. The number is
    allocated in the same savepoint, so a lost race does not burn a number.
    """
    if kind not in KIND_STAGES:
        raise ValueError(f"unknown follow-up kind {kind!r}")
    existing = find_followup(record, kind, round)
    if existing:
        return existing
    start, end, provisional = followup_window(kind, closed_at)
    revisit = Revisit(
        kind=kind, round=round, party=party,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk, engineer=engineer, department=department,
        closed_at=closed_at, window_start=start, window_end=end,
        window_provisional=provisional, max_attempts=max_attempts(), created_by=user)
    try:
        with transaction.atomic():
            revisit.number = next_number("HF")
            create_record(revisit, user, name="schedule",
                          remark=f"{closed_at:%Y-%m-%d} 办结，自动安排回访")
    except IntegrityError:
        return find_followup(record, kind, round)
    return revisit


def rated_calls():
    """Completed calls that carry a rating (the reports' satisfaction figures)."""
    return Revisit.objects.filter(state=Revisit.State.COMPLETED, rating__isnull=False)


def open_bad_calls():
    """Bad ratings (不满意 / 非常不满意) whose complaint is not archived, or was never
    opened."""
    from .models import Complaint

    return (Revisit.objects.filter(state=Revisit.State.COMPLETED,
                                   rating__in=Revisit.BAD_RATINGS)
            .exclude(bad_rating_complaint__state=Complaint.State.ARCHIVED)
            .select_related("party", "engineer", "bad_rating_complaint"))


def plan_revisits(parties, user, *, start: datetime.date, end: datetime.date,
                  note: str = "") -> list[Revisit]:
    """Manager's bulk plan: a care call for each chosen customer without an open one."""
    if end < start:
        raise TransitionRefused("回访截止日不能早于起始日。")
    open_ids = set(Revisit.objects.filter(
        kind=Revisit.Kind.CARE, state=Revisit.State.SCHEDULED,
        party__in=parties).values_list("party_id", flat=True))
    created = []
    with transaction.atomic():
        for party in parties:
            if party.pk in open_ids:
                continue
            revisit = Revisit(kind=Revisit.Kind.CARE, party=party,
                              closed_at=timezone.now(), window_start=start,
                              window_end=end, max_attempts=max_attempts(),
                              created_by=user, number=next_number("HF"))
            created.append(create_record(revisit, user, name="plan", remark=note))
    return created


def record_attempt(revisit, user, *, reached: bool, at=None, rating=None, answers=None,
                   notes: str = "", expected_state=None) -> Revisit:
    """One call, recorded in one submit: completed, retry later, or unreachable.

    A bad rating (不满意 / 非常不满意) opens a linked complaint in the same
    transaction, so a completed call never lacks its complaint.
    """
    from .complaints.services import open_complaint_from_rating

    at = at or timezone.now()
    band = time_band(at)
    with transaction.atomic():
        locked = Revisit.objects.select_for_update().get(pk=revisit.pk)
        if reached:
            verb, data = "complete", {"rating": rating, "answers": answers or [],
                                      "notes": notes}
        else:
            last = locked.attempts_count + 1 >= locked.max_attempts
            verb, data = ("give_up" if last else "miss"), {}
        saved = run_transition(locked, verb, user, notes, expected_state=expected_state,
                               band=band, at=at, **data)
        RevisitAttempt.objects.create(revisit=saved, at=at, band=band, reached=reached,
                                      notes=notes, caller=user)
        if reached and saved.is_bad:
            open_complaint_from_rating(saved, user)
    return saved


def cancel_revisit(revisit, user, *, reason: str, expected_state=None) -> Revisit:
    return run_transition(revisit, "cancel", user, reason,
                          expected_state=expected_state, reason=reason)
