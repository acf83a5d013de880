"""Deadlines from the time-limit table (process, stage, amount, unit)."""

import datetime

from django.utils import timezone

from . import workdays
from .models import TimeLimit
from .workdays import Deadline

# The defaults in the SPEC; the data migration seeds them and managers edit them.
DEFAULT_LIMITS = [
    ("petition", "accept", 15, "calendar_days", "信访：受理告知（自收到之日起）"),
    ("petition", "handle", 60, "calendar_days", "信访：办理（自受理之日起）"),
    ("petition", "extension_max", 30, "calendar_days", "信访：延期上限"),
    ("petition", "return_to_office", 5, "working_days", "信访：非本单位职责退回"),
    ("petition", "review_window", 30, "calendar_days", "信访：申请复查期限"),
    ("petition", "review_answer", 30, "calendar_days", "信访：复查/复核答复"),
    ("ticket", "assign", 2, "working_hours", "服务单：派工"),
    ("ticket", "resolve_emergency", 0, "working_days", "服务单：应急当日解决"),
    ("ticket", "resolve_remote", 2, "working_days", "服务单：远程服务"),
    ("ticket", "resolve_onsite", 3, "working_days", "服务单：上门服务"),
    ("ticket", "confirm", 1, "working_days", "服务单：完结确认（反馈后，文员）"),
    ("repair", "diagnose", 2, "working_days", "维修：检测"),
    ("repair", "repair", 5, "working_days", "维修：厂内维修"),
    ("repair", "uncollected", 30, "calendar_days", "维修：待取件超期提醒"),
    ("complaint", "accept", 1, "working_days", "投诉：受理/不予受理"),
    ("complaint", "handle", 15, "working_days", "投诉：处理"),
    ("complaint", "rectify", 15, "working_days", "投诉：差评整改"),
    ("revisit", "service_from", 7, "working_days", "回访：服务/维修后最早"),
    ("revisit", "service_to", 15, "working_days", "回访：服务/维修后最迟"),
    ("revisit", "complaint_from", 3, "calendar_days", "回访：投诉处理后最早"),
    ("revisit", "complaint_to", 7, "calendar_days", "回访：投诉处理后最迟"),
    ("matter", "notice", 2, "working_days", "办件：一次性告知（自收件起）"),
    ("matter", "inform", 1, "working_days", "办件：办结告知（自办结起）"),
]


def get_limit(process: str, stage: str) -> TimeLimit:
    """The current limit; an unknown pair falls back to the SPEC default."""
    limit = TimeLimit.objects.filter(process=process, stage=stage).first()
    if limit:
        return limit
    for p, s, amount, unit, label in DEFAULT_LIMITS:
        if (p, s) == (process, stage):
            return TimeLimit(process=p, stage=s, amount=amount, unit=unit, label=label)
    raise KeyError(f"no time limit for {process}/{stage}")


def compute(start: datetime.datetime, amount: int, unit: str) -> Deadline:
    """The deadline ``amount`` units after ``start``; a day limit ends at 23:59:59."""
    start = timezone.localtime(start)
    if unit == TimeLimit.Unit.WORKING_HOURS:
        due = workdays.add_working_hours(start, amount)
    elif unit == TimeLimit.Unit.WORKING_DAYS:
        day = workdays.add_workdays(start.date(), amount) if amount else (
            workdays.next_workday(start.date())
        )
        due = workdays.end_of_day(day)
    else:
        due = workdays.end_of_day(workdays.add_days(start.date(), amount))
    provisional = not workdays.years_confirmed(start.date(), due.date())
    return Deadline(due=due, provisional=provisional)


def deadline_for(
    process: str, stage: str, start: datetime.datetime, extra: int = 0
) -> Deadline:
    limit = get_limit(process, stage)
    return compute(start, limit.amount + extra, limit.unit)


def running_time_left(record, now=None) -> dict:
    """``time_left`` of the deadline the record's ``clock`` runs now; while paused, of
    the deadline that stands still, never overdue."""
    clock = type(record).clock
    if clock.is_paused(record):
        return {**time_left(getattr(record, clock.due_field), now), "overdue": False}
    return time_left(clock.due(record), now)


def time_left(due: datetime.datetime | None,
              now: datetime.datetime | None = None) -> dict:
    """What a record page shows: days left (negative when overdue) and the flag."""
    if due is None:
        return {"due": None, "overdue": False, "days_left": None, "days_overdue": 0}
    now = now or timezone.now()
    local_due, local_now = timezone.localtime(due), timezone.localtime(now)
    days_left = (local_due.date() - local_now.date()).days
    return {"due": due, "overdue": now > due, "days_left": days_left,
            "days_overdue": max(0, -days_left)}
