"""Bulk 办件 for benchmarks (``manage.py generate_data``): every state of
``matters.Application`` over three years for the seeded catalogue, with their material
rows, 特殊环节 and 延期, consistent with the clock declaration.

Each application keeps the item version current when it was received; its moments
and deadlines are those the transitions would have set (``loadgen.matter_flow``).
Open ones are recent (some overdue, and ``marked_overdue`` says so, as the sweep
would); finished ones older than 17 days. A decided one has, besides its '+' history
row, the row of its submit (state review, the promise as ``due_at``), as the record
page's timeline would show it.
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
from servicecenter.models import Department, Window

from . import matter_flow as flow
from .data import (
    Rec,
    copy_insert,
    fast_insert,
    later_history,
    number_by_year,
    set_counter,
)
from .ticket_data import _parties

S = State
MINUTE, HOUR = datetime.timedelta(minutes=1), datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
PREFIX = "BJ"
# state, weight, max age in days of the moment that dates it (None: finished, any
# time in three years but the last 17 days)
PLAN = [
    (S.CLOSED, 700, None), (S.REJECTED, 40, None), (S.WITHDRAWN, 30, None),
    (S.NOTIFIED, 20, 6), (S.DECIDED, 15, 2), (S.REVIEW, 20, 40), (S.SPECIAL, 15, 40),
    (S.HANDLING, 60, 45), (S.ACCEPTED, 25, 6), (S.CORRECTION, 15, 10),
    (S.RECEIVED, 20, 4),
]
CHANNELS = (["window"] * 14) + ["village"] * 4 + ["online"] + ["phone"]
STAGE_KINDS = ["inspection", "publicity", "hearing", "expert"]
EXT = ApplicationExtension.State
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
    if state in flow.DEPARTMENT_STATES or state == S.CORRECTION:
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
    flow.reset()
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
    _submitted_history(apps)
    for a in apps:
        _children(rng, now, a, rows)
    copy_insert(ApplicationMaterial, rows["materials"])
    copy_insert(SpecialStage, rows["stages"])
    fast_insert(ApplicationExtension, rows["extensions"], when="requested_at",
                reason="request_extension", user_ids=staff["handler"], rng=rng)
    for year, value in counters.items():
        set_counter(PREFIX, year, value)
    return len(apps)


def _submitted_history(apps):
    """The 承办 submit of every decided one, in its history: the state and promise
    it had in review (``decide`` replaces ``due_at`` with the 办结告知 limit)."""
    reviewed = [a for a in apps if a.decided_at and a.handler_id]
    later_history(Application, reviewed, at=lambda a: a.decided_at - 30 * MINUTE,
                  reason="submit", user=lambda a: a.handler_id,
                  state=lambda a: S.REVIEW.value,
                  due_at=lambda a: a.promised_due_at,
                  due_provisional=lambda a: False, decided_at=lambda a: None,
                  decided_by_id=lambda a: None, outcome=lambda a: "",
                  decision_text=lambda a: "", inform_due_at=lambda a: None,
                  informed_at=lambda a: None, inform_channel=lambda a: "",
                  delivered_at=lambda a: None, delivery_method=lambda a: "")


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
    flow.timeline(rng, a, moment)
    a._version = version = _version_at(item, a.received_at)
    a.version_id = version["id"]
    a.situation_id, a._materials = rng.choice(version["situations"])
    flow.received(a)
    flow.FILL[state](rng, now, a)
    flow.plan_waiver(rng, now, a)
    a.marked_overdue = Application.clock.is_overdue(a, now)
    return a


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
