"""Bulk service tickets, difficult cases, complaints and follow-up calls for
benchmarks (``manage.py generate_data``).

Open records are recent (some overdue); closed tickets are older than 15 days, so the
missed-follow-up safety net has nothing to catch.
"""

import datetime

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from servicecenter.models import Party
from tickets.followups import BANDS
from tickets.models import Complaint, DifficultCase, Revisit, ServiceTicket

from .data import Rec, fast_insert, number_by_year, set_counter

T = ServiceTicket.State
HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)
TICKET_PLAN = [  # state, weight, max age in days (None: any time, closed > 16 days ago)
    (T.CLOSED, 820, None), (T.CANCELLED, 40, None), (T.RESOLVED, 30, 10),
    (T.NEW, 15, 3), (T.ASSIGNED, 30, 8), (T.IN_PROGRESS, 45, 10),
    (T.AWAITING_PARTS, 12, 20), (T.ESCALATED, 8, 20),
]
SYSTEMS = ["政务外网", "视频会议系统", "门禁系统", "办公电脑", "打印机", "监控系统",
           "广播系统", "财务软件"]
PROBLEMS = ["无法开机", "网络不通", "系统报错", "画面无信号", "卡纸", "登录失败",
            "声音异常"]


def _parties(ctx):
    ids = ctx["parties"]
    rows = Party.objects.filter(pk__in=ids).values_list("pk", "name", "phone",
                                                        "village")
    return [tuple(r) for r in rows.iterator(chunk_size=20000)]


def _moment(rng, now, max_age):
    if max_age is None:
        return now - datetime.timedelta(
            seconds=rng.randint(17 * 86400, 3 * 365 * 86400))
    return now - datetime.timedelta(seconds=rng.randint(600, max_age * 86400))


def generate_service(count, ctx):
    rng, now, staff = ctx["rng"], timezone.now(), ctx["staff"]
    # managers use the admin (changelists are benchmark targets)
    User.objects.filter(pk__in=staff["manager"]).update(is_staff=True)
    parties = ctx.setdefault("party_rows", _parties(ctx))
    states = [s.value for s, _, _ in TICKET_PLAN]
    ages = {s.value: a for s, _, a in TICKET_PLAN}
    weights = [w for _, w, _ in TICKET_PLAN]
    kinds = list(ServiceTicket.Kind.values)
    channels = ["phone", "hotline", "visit", "email"]
    recs = []
    chosen = rng.choices(states, weights, k=count)
    pool = min(60, count // 10)  # fresh records for the benchmark's start POST
    chosen[:pool] = [T.ASSIGNED.value] * pool
    for n, state in enumerate(chosen):
        created = _moment(rng, now, ages[state])
        pid, name, phone, village = rng.choice(parties)
        kind = rng.choice(kinds)
        emergency = rng.random() < 0.05
        t = Rec(state=state, party_id=pid, contact_name=name, contact_phone=phone,
                kind=kind, channel=rng.choice(channels), emergency=emergency,
                priority=3 if emergency else rng.choice([1, 2, 2, 2, 3]),
                system=rng.choice(SYSTEMS), problem=rng.choice(PROBLEMS),
                address=f"{village}{rng.randint(1, 12)}组", created_at=created,
                created_by_id=rng.choice(staff["clerk"]),
                due_at=created + 2 * HOUR, reopen_count=0)
        if state not in (T.NEW, T.CANCELLED):
            t.engineer_id = (staff["engineer"][0] if n < pool
                             else rng.choice(staff["engineer"]))
            t.due_at = created + (3 if kind == "onsite" else 2) * DAY
            t.appointment_at = created + 4 * HOUR if kind == "onsite" else None
        if state in (T.IN_PROGRESS, T.AWAITING_PARTS, T.ESCALATED, T.RESOLVED,
                     T.CLOSED):
            t.started_at = min(now, created + 2 * HOUR)
        if state in (T.AWAITING_PARTS, T.ESCALATED):
            t.paused_at = min(now, created + 5 * HOUR)
        if state in (T.RESOLVED, T.CLOSED):
            t.resolved_at = min(now, created + rng.randint(3, 60) * HOUR)
            t.result, t.service_record = "故障已排除，系统运行正常。", "检查并处理。"
            t.due_at = None
        if state == T.RESOLVED:
            t.confirm_due_at = t.resolved_at + 2 * DAY
        if state == T.CLOSED:
            t.closed_at = t.resolved_at + rng.randint(1, 48) * HOUR
            t.completion_confirmation = "客户确认已解决。"
        if state == T.CANCELLED:
            t.cancel_reason, t.due_at = "客户自行解决。", None
        t.marked_overdue = ServiceTicket.clock.is_overdue(t, now)
        recs.append(t)
    counters = number_by_year(recs, "FW", "created_at")
    fast_insert(ServiceTicket, recs, when="created_at", reason="create",
                user_ids=staff["clerk"], rng=rng)
    for year, value in counters.items():
        set_counter("FW", year, value)
    ctx["closed_tickets"] = [(r.id, r.party_id, r.engineer_id, r.closed_at)
                             for r in recs if r.state == T.CLOSED]
    return len(recs) + _cases(max(5, count // 2000), recs, ctx)


def _cases(count, tickets, ctx):
    rng, now, staff = ctx["rng"], timezone.now(), ctx["staff"]
    C = DifficultCase.State
    ct = ContentType.objects.get_for_model(ServiceTicket)
    states = list(C.values)
    recs = []
    for i in range(count):
        src = rng.choice(tickets)
        state = states[i % len(states)]
        c = Rec(state=state, source_type_id=ct.pk, source_id=src.id,
                source_number=src.number,
                title=f"{src.system}{src.problem}反复发生", reason="多次处理未能解决。",
                proposed_by_id=rng.choice(staff["engineer"]), level=1,
                created_at=min(now, src.created_at + DAY))
        if state not in (C.PROPOSED, C.DECLINED):
            c.confirmed_by_id = rng.choice(staff["manager"])
            c.opening_note = "同意立案。"
        if state in (C.IN_PROGRESS, C.ESCALATED, C.RESOLVED, C.ARCHIVED):
            c.handler_id = rng.choice(staff["engineer"])
        if state in (C.RESOLVED, C.ARCHIVED):
            c.resolution = "更换设备后解决。"
            c.resolved_at = min(now, c.created_at + 5 * DAY)
        recs.append(c)
    counters = number_by_year(recs, "YN", "created_at", width=4)
    fast_insert(DifficultCase, recs, when="created_at", reason="propose",
                user_ids=staff["engineer"], rng=rng)
    for year, value in counters.items():
        set_counter("YN", year, value)
    return len(recs)


C = Complaint.State
COMPLAINT_PLAN = [
    (C.ARCHIVED, 800, None), (C.REJECTED, 60, None), (C.REGISTERED, 30, 2),
    (C.ACCEPTED, 60, 25), (C.HANDLED, 20, 10), (C.REPORTED, 30, 10),
]
R = Revisit.State


def generate_complaints(count, ctx):
    """About one complaint per five follow-up calls; the calls are made by
    ``generate_revisits`` once the tickets and repairs they follow up exist."""
    n_complaints = max(10, count // 5)
    ctx["revisits_pending"] = count - n_complaints
    return _complaints(n_complaints, ctx)


def generate_revisits(ctx):
    return _revisits(ctx.pop("revisits_pending", 0), ctx)


def _complaints(count, ctx):
    rng, now, staff = ctx["rng"], timezone.now(), ctx["staff"]
    parties = ctx.setdefault("party_rows", _parties(ctx))
    states = [s.value for s, _, _ in COMPLAINT_PLAN]
    ages = {s.value: a for s, _, a in COMPLAINT_PLAN}
    weights = [w for _, w, _ in COMPLAINT_PLAN]
    sources = [s for s in Complaint.Source.values if s != "revisit"]
    recs = []
    chosen = rng.choices(states, weights, k=count)
    pool = min(60, count // 10)  # fresh records for the benchmark's report POST
    chosen[:pool] = [C.HANDLED.value] * pool
    for state in chosen:
        received = _moment(rng, now, ages[state])
        c = Rec(state=state, source=rng.choice(sources),
                party_id=rng.choice(parties)[0],
                subject="服务态度差" if rng.random() < .5 else "维修不及时",
                content="客户反映服务过程中存在问题。", received_at=received,
                registered_by_id=rng.choice(staff["clerk"]), due_at=received + DAY)
        if state != C.REGISTERED and state != C.REJECTED:
            c.truthfulness, c.reasonableness = "true", "reasonable"
            c.assessment = "情况属实，予以受理。"
            c.responsible_id = rng.choice(staff["handler"])
            c.department_id = rng.choice(ctx["departments"])
            c.due_at = received + 21 * DAY
        if state == C.REJECTED:
            c.reject_reason, c.notified_how = "不属于投诉范围。", "电话告知"
            c.due_at = None
        if state in (C.HANDLED, C.REPORTED, C.ARCHIVED):
            c.cause, c.actions = "沟通不到位。", "约谈相关人员。"
            c.result = "已向客户道歉。"
            c.handled_at = min(now, received + 5 * DAY)
            c.due_at = None
        if state in (C.REPORTED, C.ARCHIVED):
            c.reported_to = "中心主任"
        if state == C.ARCHIVED:
            c.archived_at = min(now, received + 8 * DAY)
        c.marked_overdue = bool(c.due_at and c.due_at < now)
        recs.append(c)
    counters = number_by_year(recs, "TS", "received_at")
    fast_insert(Complaint, recs, when="received_at", reason="register",
                user_ids=staff["clerk"], rng=rng)
    for year, value in counters.items():
        set_counter("TS", year, value)
    return len(recs)


def _revisits(count, ctx):
    """Calls about closed tickets (completed mostly), plus care calls on the list
    now."""
    rng, now, staff = ctx["rng"], timezone.now(), ctx["staff"]
    parties = ctx.setdefault("party_rows", _parties(ctx))
    from repairs.models import RepairOrder

    # the latest closes first, so that every ticket and repair closed in the last weeks
    # has its call, as the app schedules one on each close (the sweep's safety net,
    # missed_followups, then finds nothing to catch up)
    closed = sorted(
        [("service", *row) for row in ctx.get("closed_tickets") or []]
        + [("repair", *row) for row in ctx.get("closed_repairs") or []],
        key=lambda row: row[-1], reverse=True)
    cts = {"service": ContentType.objects.get_for_model(ServiceTicket).pk,
           "repair": ContentType.objects.get_for_model(RepairOrder).pk}
    today = timezone.localdate()
    recs = []
    recent = sum(1 for row in closed if row[-1] >= now - 30 * DAY)
    for kind, rid, pid, eng, closed_at in closed[:max(recent, int(count * 0.9))]:
        call = closed_at + rng.randint(9, 20) * DAY
        state = R.SCHEDULED if call > now else rng.choices(
            [R.COMPLETED, R.UNREACHABLE, R.CANCELLED], [90, 7, 3])[0]
        r = Rec(state=state.value, kind=kind, party_id=pid, record_type_id=cts[kind],
                record_id=rid, engineer_id=eng, closed_at=closed_at,
                window_start=(closed_at + 9 * DAY).date(),
                window_end=(closed_at + 21 * DAY).date(),
                created_by_id=rng.choice(staff["clerk"]), answers=[])
        if state == R.COMPLETED:
            r.rating = rng.choices([5, 4, 3, 2, 1], [50, 30, 12, 5, 3])[0]
            r.attempts_count, r.completed_at, r.last_attempt_at = 1, call, call
            r.caller_id, r.notes = rng.choice(staff["clerk"]), "满意。"
            r.last_band = BANDS[0]
        elif state == R.UNREACHABLE:
            r.attempts_count, r.last_attempt_at, r.completed_at = 3, call, call
            r.last_band = BANDS[1]
        elif state == R.CANCELLED:
            r.cancel_reason = "客户不愿接受回访。"
        recs.append(r)
    while len(recs) < count:  # care calls: scheduled, some due today, some overdue
        pid = rng.choice(parties)[0]
        closed_at = now - rng.randint(1, 30) * DAY
        start = (closed_at + 5 * DAY).date()
        r = Rec(state=R.SCHEDULED.value, kind="care", party_id=pid,
                engineer_id=rng.choice(staff["engineer"]),
                department_id=rng.choice(ctx["departments"]), closed_at=closed_at,
                window_start=start, window_end=start + datetime.timedelta(days=10),
                created_by_id=rng.choice(staff["clerk"]), answers=[],
                attempts_count=rng.choice([0, 0, 0, 1, 2]))
        if r.attempts_count:
            r.last_band, r.last_attempt_at = BANDS[0], min(now, closed_at + 6 * DAY)
        if r.window_end < today and rng.random() < 0.8:  # most late ones were reached
            r.state, r.rating = R.COMPLETED.value, 4
            r.completed_at = getattr(r, "last_attempt_at", None) or now
        recs.append(r)
    counters = number_by_year(recs, "HF", "closed_at")
    fast_insert(Revisit, recs, when="closed_at", reason="schedule",
                user_ids=staff["clerk"], rng=rng)
    for year, value in counters.items():
        set_counter("HF", year, value)
    return len(recs)
