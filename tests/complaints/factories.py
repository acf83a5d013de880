"""Complaints and follow-up calls in a given state, built through the services."""

import datetime

from django.utils import timezone

from tests.factories import PartyFactory
from tickets.complaints import services
from tickets.followups import record_attempt, schedule_followup
from tickets.models import Complaint, Revisit

TZ = timezone.get_default_timezone()


def at(y, m, d, hour=10, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=TZ)


def make_revisit(kind="service", closed_at=None, *, party=None, record=None, user=None,
                 engineer=None, department=None):
    """A scheduled follow-up; the "record" is any model row (a Party here)."""
    party = party or PartyFactory()
    record = record or PartyFactory()
    return schedule_followup(record, kind, closed_at or timezone.now(), party=party,
                             engineer=engineer, department=department, user=user)


def make_complaint(state, *, clerk, manager, responsible, party=None, followup=None):
    """A complaint walked to ``state``; ``followup`` = the state its call should reach
    ("completed" / "unreachable") when the complaint has been handled."""
    party = party or PartyFactory()
    c = services.register_complaint(clerk, source=Complaint.Source.HOTLINE, party=party,
                                    subject="上门服务迟到", content="工程师迟到两小时")
    if state == "registered":
        return c
    if state == "rejected":
        return services.reject_complaint(c, manager, reason="不属实",
                                         notified_how="电话")
    c = services.accept_complaint(c, manager, truthfulness="true",
                                  reasonableness="reasonable", responsible=responsible)
    if state == "accepted":
        return c
    c = services.handle_complaint(c, responsible, cause="排班冲突",
                                  actions="道歉并调整排班", result="客户表示理解")
    if followup:
        finish_followup(services.complaint_followup(c), clerk, followup)
    if state == "handled":
        return c
    c = services.report_complaint(c, clerk, reported_to="刘主管、张所长")
    if state == "reported":
        return c
    if state == "archived":
        return services.archive_complaint(c, clerk)
    raise ValueError(state)


def finish_followup(revisit, clerk, outcome, rating=Revisit.Rating.SATISFIED):
    if outcome == "completed":
        return record_attempt(revisit, clerk, reached=True, rating=rating, notes="满意",
                              at=at(2026, 5, 11, 10))
    for hour in (10, 15, 20)[: revisit.max_attempts]:
        revisit = record_attempt(revisit, clerk, reached=False,
                                 at=at(2026, 5, 11, hour))
    return revisit
