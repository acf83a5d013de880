"""The moments and deadlines of one generated 办件 (``loadgen.matter_data``), state by
state: what the transitions of ``matters.models.flow`` would have set.

An open application is dated backwards from its dating moment (receipt, acceptance,
decision or 告知), a finished one forwards from its receipt. The deadlines: the
一次性告知 (TimeLimit matter/notice from receipt), the promise (the version's working
days from acceptance, plus an approved extension and the working days of an ended
特殊环节), the 办结告知 (matter/inform from the decision).
"""

import datetime

from django.utils import timezone

from matters.models import State
from servicecenter import workdays
from servicecenter.deadlines import compute, get_limit
from servicecenter.models import TimeLimit

S = State
MINUTE, HOUR = datetime.timedelta(minutes=1), datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
DEPARTMENT_STATES = {S.ACCEPTED, S.HANDLING, S.SPECIAL, S.REVIEW}
DECIDED = {S.DECIDED, S.NOTIFIED, S.CLOSED}
_DUE: dict = {}
_TZ = [timezone.get_current_timezone()]


def reset() -> None:
    """The limits and the calendar as they are now (once per generation)."""
    _DUE.clear()
    _TZ[0] = timezone.get_current_timezone()


def limit_days(stage) -> int:
    """The centre's own working-day limit of a stage (TimeLimit matter/<stage>)."""
    key = ("limit", stage)
    if key not in _DUE:
        _DUE[key] = get_limit("matter", stage).amount
    return _DUE[key]


def workday_due(start, days):
    """``deadlines.compute`` in working days (memoised by local day: a working-day
    limit ends at the end of a day)."""
    key = (start.astimezone(_TZ[0]).date(), days)
    if key not in _DUE:
        _DUE[key] = compute(start, days, TimeLimit.Unit.WORKING_DAYS)
    return _DUE[key]


def timeline(rng, a, moment):
    """The moments of receipt, acceptance, decision, 告知 and delivery: backwards
    from ``moment`` for an open application, forwards for a finished one."""
    v, state = a._version, a.state
    steps = [  # (moment's name, time since the previous one)
        ("received_at", datetime.timedelta(0)),
        ("accepted_at", datetime.timedelta(minutes=15) if v["immediate"]
         else datetime.timedelta(minutes=rng.randint(20, 600))),
        ("decided_at", datetime.timedelta(0) if v["immediate"] else _decide_span(
            rng, v["days"])),
        ("informed_at", datetime.timedelta(minutes=rng.randint(20, 1200))),
        ("delivered_at", datetime.timedelta(hours=rng.randint(1, 72))),
    ]
    anchor = ANCHOR.get(state, "received_at")
    names = [n for n, _ in steps]
    at = {anchor: moment}
    for i in range(names.index(anchor), 0, -1):
        at[names[i - 1]] = at[names[i]] - steps[i][1]
    for i in range(names.index(anchor) + 1, len(steps)):
        at[names[i]] = at[names[i - 1]] + steps[i][1]
    a.received_at = a.created_at = at["received_at"]
    a._at = at


def _decide_span(rng, days):
    """Acceptance to decision: mostly inside the promise (about days × 7/5 calendar
    days), some late (the accountability report's 超时)."""
    span = (days * 7 / 5 + 1) * 86400
    late = rng.random() < 0.07
    return datetime.timedelta(seconds=rng.randint(3600, int(span * (
        1.4 if late else 0.9))))


ANCHOR = {S.ACCEPTED: "accepted_at", S.HANDLING: "accepted_at",
          S.SPECIAL: "accepted_at", S.REVIEW: "accepted_at",
          S.DECIDED: "decided_at", S.NOTIFIED: "informed_at"}


def received(a):
    notice = workday_due(a.received_at, limit_days("notice"))
    a.notice_due_at, a.due_at, a.due_provisional = notice.due, notice.due, \
        notice.provisional


def _clear_due(a):
    a.due_at, a.due_provisional = None, False


def _correction(rng, now, a):
    a.notice_issued_at = a.received_at + datetime.timedelta(minutes=rng.randint(5, 90))
    _clear_due(a)


def _refused(rng, now, a):
    if rng.random() < 0.5:
        _correction(rng, now, a)
    a.refused_at = (a.notice_issued_at or a.received_at) + HOUR
    a.refusal_reason = "申请事项不属于本中心受理范围。"
    a.refusal_basis = "《中华人民共和国行政许可法》第三十二条"
    a.remedy = "如不服本决定，可在六十日内申请行政复议，或在六个月内提起行政诉讼。"
    _clear_due(a)


def _withdrawn(rng, now, a):
    if rng.random() < 0.5 and not a._version["immediate"]:
        _handling(rng, now, a)
    a.withdrawn_at = (a.accepted_at or a.received_at) + 2 * DAY
    a.withdraw_reason = "申请人申请撤回。"
    _clear_due(a)


def _accepted(rng, now, a):
    """The promise from acceptance (即办件: accepted and decided on the spot)."""
    v = a._version
    a.accepted_at, a.accepted_by_id = a._at["accepted_at"], a.first_receiver_id
    if v["ext_days"] and not v["immediate"] and rng.random() < 0.06:
        a._extension = rng.randint(1, v["ext_days"])
    _promise(a)


def _promise(a):
    approved = getattr(a, "_extension_approved", 0)
    a.extension_days = approved
    promise = workday_due(a.accepted_at, a._version["days"] + approved + a.paused_days)
    a.promised_due_at, a.due_at, a.due_provisional = promise.due, promise.due, \
        promise.provisional


def _handling(rng, now, a):
    _accepted(rng, now, a)
    a.handler_id = rng.choice(a._handlers)
    pending = a.state in DEPARTMENT_STATES and rng.random() < 0.2
    if getattr(a, "_extension", 0) and not pending:
        a._extension_approved = a._extension
    _ended_stage(rng, now, a)
    _promise(a)


def _ended_stage(rng, now, a):
    """Some had a 特殊环节 that ended: its working days are not counted."""
    end = a._at["decided_at"] if a.state in DECIDED else now
    days = rng.randint(1, 10)
    started = a.accepted_at + DAY
    if rng.random() < 0.15 and started + (days + 1) * DAY < end:
        ended = started + days * DAY
        a._stage = (started, days, ended)
        a.paused_days = workdays.workdays_between(timezone.localdate(started),
                                                  timezone.localdate(ended))


def _special(rng, now, a):
    _handling(rng, now, a)
    a._open_stage = rng.randint(3, 20)


def _review(rng, now, a):
    _handling(rng, now, a)
    a.opinion = "材料齐全，符合条件，拟准予办理。"


def _decided(rng, now, a):
    if a._version["immediate"]:  # complete_at_once
        _accepted(rng, now, a)
        a.decided_by_id = a.first_receiver_id
    else:
        _review(rng, now, a)
        a.decided_by_id = a._head
    a.decided_at = a._at["decided_at"]
    a.outcome = "granted" if rng.random() < 0.93 else "denied"
    a.decision_text = ("经审核，准予办理。" if a.outcome == "granted"
                       else "经审核，不符合条件，不予办理。")
    inform = workday_due(a.decided_at, limit_days("inform"))
    a.inform_due_at, a.due_at, a.due_provisional = inform.due, inform.due, \
        inform.provisional


def _notified(rng, now, a):
    _decided(rng, now, a)
    a.inform_channel = rng.choice(["sms", "phone", "window", "post"])
    a.informed_at = a._at["informed_at"]
    _clear_due(a)


def _closed(rng, now, a):
    _notified(rng, now, a)
    a.delivery_method = rng.choice(["window", "window", "post", "home"])
    a.delivered_at = a._at["delivered_at"]


FILL = {
    S.RECEIVED: lambda rng, now, a: None, S.CORRECTION: _correction,
    S.REJECTED: _refused, S.WITHDRAWN: _withdrawn, S.ACCEPTED: _accepted,
    S.HANDLING: _handling, S.SPECIAL: _special, S.REVIEW: _review,
    S.DECIDED: _decided, S.NOTIFIED: _notified, S.CLOSED: _closed,
}


def plan_waiver(rng, now, a) -> None:
    """容缺受理 for some accepted ones: which material was waived, when it was
    supplied (None: still owed, and ``waiver_due_at`` is the promised day's end, as
    the sweep chases it)."""
    a._waived_at = -1
    if not a.accepted_at or a._version["immediate"] or rng.random() >= 0.1:
        return
    waivable = [i for i, (_, _, w) in enumerate(a._materials) if w]
    if not waivable:
        return
    a._waived_at = rng.choice(waivable)
    a._promised_by = timezone.localdate(a.accepted_at) + 5 * DAY
    a._supplied = a.accepted_at + datetime.timedelta(hours=rng.randint(2, 110))
    if a.state in DEPARTMENT_STATES and (a._supplied > now or rng.random() < 0.3):
        a._supplied = None
        a.waiver_due_at = workdays.end_of_day(a._promised_by)
