"""Attempts, time bands, the attempt limit, bad ratings and archiving."""

import datetime

import pytest

from servicecenter.transitions import TransitionRefused
from tests.complaints.factories import at, finish_followup, make_complaint, make_revisit
from tests.factories import PartyFactory
from tickets.complaints import services
from tickets.followups import cancel_revisit, plan_revisits, record_attempt, time_band
from tickets.models import Complaint, Revisit

pytestmark = pytest.mark.django_db


def test_time_bands():
    assert [time_band(at(2026, 5, 11, h)) for h in (8, 11, 12, 17, 18, 21)] == [
        "上午", "上午", "下午", "下午", "晚上", "晚上"]


def test_unreached_retry_in_another_band_then_unreachable_after_the_limit(clerk):
    revisit = make_revisit()
    revisit = record_attempt(revisit, clerk, reached=False, at=at(2026, 5, 11, 9))
    assert (revisit.state, revisit.attempts_count, revisit.last_band) == (
        "scheduled", 1, "上午")
    revisit = record_attempt(revisit, clerk, reached=False, at=at(2026, 5, 11, 14))
    assert revisit.state == "scheduled"
    revisit = record_attempt(revisit, clerk, reached=False, at=at(2026, 5, 12, 19))
    assert revisit.state == "unreachable"
    assert [(a.band, a.reached) for a in revisit.attempts.all()] == [
        ("上午", False), ("下午", False), ("晚上", False)]
    reasons = list(revisit.history.order_by("history_id")
                   .values_list("history_change_reason", flat=True))
    assert reasons == ["schedule", "miss", "miss", "give_up"]


def test_second_attempt_in_the_same_band_is_refused_with_a_clear_message(clerk):
    revisit = record_attempt(make_revisit(), clerk, reached=False,
                             at=at(2026, 5, 11, 9))
    with pytest.raises(TransitionRefused, match="上次拨打在「上午」.*换一个时段"):
        record_attempt(revisit, clerk, reached=True, rating=5, at=at(2026, 5, 12, 10))
    revisit.refresh_from_db()
    assert revisit.attempts_count == 1 and revisit.attempts.count() == 1


def test_attempt_limit_is_a_setting(clerk, settings):
    settings.REVISIT_MAX_ATTEMPTS = 2
    revisit = record_attempt(make_revisit(), clerk, reached=False,
                             at=at(2026, 5, 11, 9))
    revisit = record_attempt(revisit, clerk, reached=False, at=at(2026, 5, 11, 15))
    assert revisit.state == "unreachable"


def test_completed_call_records_rating_answers_and_notes(clerk):
    answers = [{"q": "问题是否解决？", "a": "已解决"}]
    revisit = record_attempt(make_revisit(), clerk, reached=True, rating=5,
                             answers=answers, notes="很满意", at=at(2026, 5, 11, 15))
    assert revisit.state == "completed"
    assert (revisit.rating, revisit.answers, revisit.notes) == (5, answers, "很满意")
    assert revisit.get_rating_display() == "非常满意"
    assert not Complaint.objects.exists()


def test_reached_without_rating_is_refused(clerk):
    with pytest.raises(TransitionRefused, match="满意度"):
        record_attempt(make_revisit(), clerk, reached=True, rating=None)


def test_only_clerks_record_calls(engineer, manager):
    for user in (engineer, manager):
        with pytest.raises(TransitionRefused, match="没有权限"):
            record_attempt(make_revisit(), user, reached=False)


@pytest.mark.parametrize("rating", [Revisit.Rating.DISSATISFIED,
                                    Revisit.Rating.VERY_DISSATISFIED])
def test_bad_rating_opens_a_linked_complaint_with_rectification_deadline(clerk, rating):
    record = PartyFactory(name="被回访的服务单")
    revisit = make_revisit(record=record)
    revisit = record_attempt(revisit, clerk, reached=True, rating=rating,
                             notes="工程师态度差", at=at(2026, 9, 29, 10))
    complaint = revisit.bad_rating_complaint
    assert complaint.source == "bad_rating" and complaint.state == "registered"
    assert complaint.source_revisit == revisit and complaint.related == record
    assert complaint.party == revisit.party and complaint.content == "工程师态度差"
    assert complaint.rectify_due_at is not None


def test_bad_rating_rectification_deadline_on_the_working_day_calendar(clerk,
                                                                      monkeypatch):
    now = at(2026, 9, 29, 10)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    revisit = record_attempt(make_revisit(), clerk, reached=True, rating=1)
    # 15 working days from Tue 29 Sep 2026, across National Day → Mon 26 Oct
    due = revisit.bad_rating_complaint.rectify_due_at
    assert due.astimezone(at(2026, 1, 1).tzinfo).date() == datetime.date(2026, 10, 26)
    assert revisit.bad_rating_complaint.due_at == due


def test_fairly_satisfied_opens_no_complaint(clerk):
    record_attempt(make_revisit(), clerk, reached=True, rating=3)
    assert not Complaint.objects.exists()


def test_archiving_requires_the_followup_done_or_unreachable(personas):
    clerk = personas["clerk"]
    c = make_complaint("reported", clerk=clerk, manager=personas["manager"],
                       responsible=personas["engineer"])
    with pytest.raises(TransitionRefused, match="回访尚未完成"):
        services.archive_complaint(c, clerk)
    finish_followup(services.complaint_followup(c), clerk, "unreachable")
    assert services.archive_complaint(c, clerk).state == "archived"


def test_archiving_after_a_completed_followup(personas):
    c = make_complaint("reported", clerk=personas["clerk"], manager=personas["manager"],
                       responsible=personas["engineer"], followup="completed")
    assert services.archive_complaint(c, personas["clerk"]).state == "archived"


def test_cancelled_followup_does_not_allow_archiving(personas):
    clerk = personas["clerk"]
    c = make_complaint("reported", clerk=clerk, manager=personas["manager"],
                       responsible=personas["engineer"])
    cancel_revisit(services.complaint_followup(c), clerk, reason="客户已搬离")
    with pytest.raises(TransitionRefused, match="回访尚未完成"):
        services.archive_complaint(c, clerk)


def test_cancel_needs_a_reason(clerk):
    with pytest.raises(TransitionRefused, match="原因"):
        cancel_revisit(make_revisit(), clerk, reason=" ")


def test_manager_plans_care_calls_for_chosen_customers_once(manager):
    parties = [PartyFactory() for _ in range(3)]
    day = datetime.date(2026, 6, 1)
    created = plan_revisits(parties, manager, start=day, end=day)
    assert len(created) == 3 and {r.kind for r in created} == {"care"}
    assert plan_revisits(parties, manager, start=day, end=day) == []
