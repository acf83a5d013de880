"""Bulk 办件 for benchmarks (``manage.py generate_data``): every state of
``matters.Application`` over three years for the seeded catalogue, with their material
rows, 特殊环节 and 延期, consistent with the clock declaration.

Each application keeps the item version current when it was received; its deadlines
are those the transitions would have set (``matters.models.flow``): the 一次性告知
(2 working days from receipt), the promise (the version's working days from
acceptance, plus an approved extension and the working days of ended 特殊环节), the
办结告知 (1 working day from the decision). Open ones are recent (some overdue, and
``marked_overdue`` says so, as the sweep would); finished ones older than 17 days.
"""

import datetime

from django.utils import timezone

from matters.models import (
    Application,
    ApplicationExtension,
    ApplicationMaterial,
    ServiceItem,
    SpecialStage,
    State,
    WindowClass,
)
from servicecenter import workdays
from servicecenter.deadlines import compute, get_limit
from servicecenter.models import Department, TimeLimit, Window

from .data import Rec, copy_insert, fast_insert, number_by_year, set_counter
from .ticket_data import _parties

S = State
HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)
PREFIX = "BJ"
# state, weight, max age in days of the moment that dates it (None: finished, any
# time in three years but the last 17 days)
PLAN = [
    (S.CLOSED, 700, None), (S.REJECTED, 40, None), (S.WITHDRAWN, 30, None),
    (S.NOTIFIED, 20, 6), (S.DECIDED, 15, 2), (S.REVIEW, 20, 40), (S.SPECIAL, 15, 40),
    (S.HANDLING, 60, 45), (S.ACCEPTED, 25, 6), (S.CORRECTION, 15, 10),
    (S.RECEIVED, 20, 4),
]
HANDLED = {S.HANDLING, S.SPECIAL, S.REVIEW, S.DECIDED, S.NOTIFIED, S.CLOSED}
DEPARTMENT_STATES = {S.ACCEPTED, S.HANDLING, S.SPECIAL, S.REVIEW}
DECIDED = {S.DECIDED, S.NOTIFIED, S.CLOSED}
CHANNELS = (["window"] * 14) + ["village"] * 4 + ["online"] + ["phone"]
STAGE_KINDS = ["inspection", "publicity", "hearing", "expert"]
EXT = ApplicationExtension.State
_DUE: dict = {}
_TZ = [timezone.get_current_timezone()]


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


def ensure_windows(staff) -> None:
    """A window for each department of an item with none (the centre's 受理窗口,
    staffed by the clerks), and the item received there."""
    items = ServiceItem.objects.filter(window__isnull=True).select_related(
        "department")
    top = Window.objects.order_by("-number").values_list("number", flat=True).first()
    for item in items:
        window = Window.objects.filter(department=item.department,
                                       is_active=True).order_by("number").first()
        if window is None:
            top = (top or 0) + 1
            window = Window.objects.create(number=top, department=item.department,
                                           name=item.department.name)
            window.staff.add(*staff["clerk"])
        item.window = window
        item.save(update_fields=["window"])


def catalogue(staff):
    """The active items with versions: [{item, department, window, versions}], each
    version {id, created_at, immediate, days, ext_days, situations: [(situation id or
    None, [(material id, required, waivable)])]}."""
    from matters.catalogue_seed import seed_catalogue

    seed_catalogue()  # idempotent: the catalogue the generated 办件 are for
    ensure_windows(staff)
    items = (ServiceItem.objects.filter(is_active=True, current_version__isnull=False)
             .prefetch_related("versions__situations",
                               "versions__materials__situations")
             .order_by("pk"))
    out = []
    for item in items:
        versions = sorted(item.versions.all(), key=lambda v: (v.created_at, v.number))
        out.append({"item": item.pk, "department": item.department_id,
                    "window": item.window_id,
                    "versions": [_version(v) for v in versions]})
    if not out:
        raise LookupError("no active service item: the matters catalogue is missing")
    return out


def _version(v):
    materials = sorted(v.materials.all(), key=lambda m: (m.order, m.pk))
    situations = sorted(v.situations.all(), key=lambda s: (s.order, s.pk)) or [None]
    by_situation = []
    for s in situations:
        rows = [(m.pk, m.required, m.waivable) for m in materials
                if s is None or not m.situations.all()
                or s.pk in {x.pk for x in m.situations.all()}]
        by_situation.append((s.pk if s else None, rows))
    return {"id": v.pk, "created_at": v.created_at,
            "immediate": v.same_day or v.window_class == WindowClass.IMMEDIATE,
            "days": 0 if v.same_day else (v.promised_limit_days or 0),
            "ext_days": v.extension_days if v.extension_allowed else 0,
            "situations": by_situation}


def _version_at(item, when):
    """The version current when the application was received (the first one for
    anything older than the catalogue)."""
    chosen = item["versions"][0]
    for v in item["versions"]:
        if v["created_at"] <= when:
            chosen = v
    return chosen


def _items_for(cat, state):
    """即办件 go received → decided at once: never in the department's states."""
    if state in DEPARTMENT_STATES or state == S.CORRECTION:
        timed = [i for i in cat if not i["versions"][-1]["immediate"]]
        return timed or cat
    return cat


def _moment(rng, now, max_age):
    if max_age is None:
        return now - datetime.timedelta(seconds=rng.randint(17 * 86400,
                                                            3 * 365 * 86400))
    return now - datetime.timedelta(seconds=rng.randint(600, max_age * 86400))


def _members(departments, staff):
    rows = (Department.objects.filter(pk__in=departments)
            .prefetch_related("members"))
    handlers = set(staff["handler"])
    return {d.pk: ([u.pk for u in d.members.all() if u.pk in handlers]
                   or staff["handler"], d.head_id or staff["leader"][0]) for d in rows}


def generate(count, ctx):
    rng, now, staff = ctx["rng"], timezone.now(), ctx["staff"]
    _DUE.clear()  # the limits and the calendar as they are now
    _TZ[0] = timezone.get_current_timezone()
    cat = catalogue(staff)
    parties = ctx.setdefault("party_rows", _parties(ctx))
    people = _members({i["department"] for i in cat}, staff)
    states = [s.value for s, _, _ in PLAN]
    ages = {s.value: a for s, _, a in PLAN}
    chosen = rng.choices(states, [w for _, w, _ in PLAN], k=count)
    pool = min(60, count // 10)  # fresh received ones for the benchmark's POSTs
    chosen[:pool] = [S.RECEIVED.value] * pool
    apps, rows = [], {"materials": [], "stages": [], "extensions": []}
    for n, state in enumerate(chosen):
        item = rng.choice(_items_for(cat, state))
        pid, _, phone, _ = rng.choice(parties)
        moment = (now - datetime.timedelta(minutes=30 + n) if n < pool
                  else _moment(rng, now, ages[state]))
        apps.append(_application(rng, now, state, moment, item, pid, phone, staff,
                                 people[item["department"]]))
    counters = number_by_year(apps, PREFIX, "received_at")
    fast_insert(Application, apps, when="received_at", reason="receive",
                user_ids=staff["clerk"], rng=rng)
    for a in apps:
        _children(rng, now, a, rows)
    copy_insert(ApplicationMaterial, rows["materials"])
    copy_insert(SpecialStage, rows["stages"])
    fast_insert(ApplicationExtension, rows["extensions"], when="requested_at",
                reason="request_extension", user_ids=staff["handler"], rng=rng)
    for year, value in counters.items():
        set_counter(PREFIX, year, value)
    return len(apps)


def _application(rng, now, state, moment, item, party, phone, staff, people):
    """One application whose dating moment (receipt, acceptance, decision or
    告知, by state; receipt for the finished ones) is ``moment``."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    a = Rec(state=state, item_id=item["item"], party_id=party,
            channel=rng.choice(CHANNELS),
            first_receiver_id=rng.choice(staff["clerk"]), window_id=item["window"],
            department_id=item["department"], phone_tail=digits[-4:],
            due_provisional=False, marked_overdue=False, paused_days=0,
            extension_days=0, accepted_at=None, notice_issued_at=None,
            handler_id=None, decided_at=None, waiver_due_at=None)
    a._handlers, a._head, a._leaders = people[0], people[1], staff["leader"]
    a._version = item["versions"][-1]
    _timeline(rng, a, moment)
    a._version = version = _version_at(item, a.received_at)
    a.version_id = version["id"]
    a.situation_id, a._materials = rng.choice(version["situations"])
    _received(a)
    FILL[state](rng, now, a)
    _plan_waiver(rng, now, a)
    a.marked_overdue = Application.clock.is_overdue(a, now)
    return a


def _timeline(rng, a, moment):
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


def _received(a):
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


def _children(rng, now, a, rows):
    """The material rows (what came, what is owed in 补正, what was 容缺), the
    特殊环节 and the 延期 of one inserted application."""
    owed = a.state == S.CORRECTION or (a.state == S.RECEIVED and rng.random() < 0.3)
    problem_at = rng.randrange(len(a._materials)) if owed and a._materials else -1
    for i, (material, required, _waivable) in enumerate(a._materials):
        m = Rec(application_id=a.id, material_id=material, waived=False,
                received=i != problem_at and (required or rng.random() < 0.7),
                problem="未提交" if i == problem_at else "", promised_by=None,
                supplied_at=None)
        if i == a._waived_at:
            _waive(a, m)
        rows["materials"].append(m)
    if getattr(a, "_stage", None):
        started, days, ended = a._stage
        rows["stages"].append(_stage(rng, a, started, days, ended=ended))
    if getattr(a, "_open_stage", 0):
        started = max(a.accepted_at + HOUR, now - datetime.timedelta(
            days=rng.randint(0, a._open_stage)))
        rows["stages"].append(_stage(rng, a, started, a._open_stage, ended=None))
    if getattr(a, "_extension", 0) and a.handler_id:
        _extension(rng, now, a, rows)


def _plan_waiver(rng, now, a) -> None:
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


def _waive(a, m):
    m.waived, m.received, m.problem = True, a._supplied is not None, ""
    m.promised_by, m.supplied_at = a._promised_by, a._supplied


def _stage(rng, a, started, days, ended):
    return Rec(application_id=a.id, kind=rng.choice(STAGE_KINDS), planned_days=days,
               note="", started_at=started, ended_at=ended,
               started_by_id=a.handler_id)


def _extension(rng, now, a, rows):
    approved = getattr(a, "_extension_approved", 0)
    asked = min(now, a.accepted_at + 3 * DAY)
    ext = Rec(application_id=a.id, days=a._extension, reason="需现场核实，延期办理。",
              requested_by_id=a.handler_id, requested_at=asked,
              state=EXT.APPROVED if approved else EXT.REQUESTED, decision_note="")
    if approved:
        ext.decided_by_id, ext.decided_at = rng.choice(a._leaders), asked + HOUR
    rows["extensions"].append(ext)
