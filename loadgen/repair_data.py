"""Bulk repair orders for benchmarks (``manage.py generate_data``): every state over
three years, deadlines by stage, history rows, gapless yearly numbers. Open orders are
recent (some overdue); closed ones older than 15 days."""

import datetime

from django.utils import timezone

from repairs.models import RepairOrder, Vendor
from repairs.models.order import State

from .data import Rec, fast_insert, number_by_year, set_counter

S = State
DAY = datetime.timedelta(days=1)
PLAN = [  # state, weight, max age in days (None: three years, at least 17 days old)
    (S.CLOSED, 800, None), (S.CANCELLED, 30, None), (S.NEW, 5, 1), (S.RECEIVED, 20, 3),
    (S.ASSIGNED, 20, 4), (S.DIAGNOSING, 15, 5), (S.DIAGNOSED, 10, 6),
    (S.REPAIRING, 30, 10), (S.AWAITING_DISPATCH, 5, 10), (S.AT_VENDOR, 15, 30),
    (S.RETURNED, 5, 30), (S.REINSPECTION, 10, 12), (S.READY, 25, 40),
    (S.UNREPAIRABLE, 10, 40),
]
DEVICES = [("笔记本电脑", "联想", "ThinkPad E14"), ("台式机", "戴尔", "OptiPlex 3000"),
           ("打印机", "惠普", "LaserJet M1136"), ("投影仪", "爱普生", "CB-X06"),
           ("手机", "华为", "nova 11"), ("平板电脑", "小米", "Pad 6")]
AFTER_DIAGNOSIS = {S.DIAGNOSED, S.REPAIRING, S.AWAITING_DISPATCH, S.AT_VENDOR,
                   S.RETURNED, S.REINSPECTION, S.READY, S.UNREPAIRABLE, S.CLOSED}


def generate(count, ctx):
    rng, now, staff = ctx["rng"], timezone.now(), ctx["staff"]
    vendors = [Vendor.objects.get_or_create(
                   name=n, defaults={"phone": "0991-1234567"})[0].pk
               for n in ("联想授权维修站", "惠普服务中心", "华为客户服务中心")]
    parties = ctx["parties"]
    states = [s.value for s, _, _ in PLAN]
    ages = {s.value: a for s, _, a in PLAN}
    weights = [w for _, w, _ in PLAN]
    recs = []
    chosen = rng.choices(states, weights, k=count)
    # fresh records for the benchmark's start_diagnosis POST
    pool = min(60, count // 10)
    chosen[:pool] = [S.ASSIGNED.value] * pool
    for n, state in enumerate(chosen):
        age = ages[state]
        if age is None:
            received = now - datetime.timedelta(seconds=rng.randint(17 * 86400,
                                                                    3 * 365 * 86400))
        else:
            received = now - datetime.timedelta(seconds=rng.randint(600, age * 86400))
        device, brand, model_name = rng.choice(DEVICES)
        o = Rec(state=state, party_id=rng.choice(parties), received_at=received,
                received_by_id=rng.choice(staff["clerk"]), device_type=device,
                brand=brand, model_name=model_name,
                serial_number=f"SN{rng.randint(10**9, 10**10 - 1)}",
                warranty_months=12, manufacturer_warranty=False,
                accessories="电源适配器", appearance="外观完好",
                configuration="标准配置",
                fault_description="无法正常使用", paused_workdays=0,
                due_at=received + 2 * DAY)
        if state == S.NEW:
            o.due_at = None
        if state not in (S.NEW, S.RECEIVED, S.CANCELLED):
            o.engineer_id = (staff["engineer"][0] if n < pool
                             else rng.choice(staff["engineer"]))
            o.assigned_at = received + datetime.timedelta(hours=1)
        if state in AFTER_DIAGNOSIS:
            o.diagnosis, o.warranty_status = "主板故障", rng.choice(["in", "out"])
            o.route = "external" if state in (S.AWAITING_DISPATCH, S.AT_VENDOR,
                                              S.RETURNED) else "in_house"
            o.diagnosed_at = min(now, received + DAY)
            o.due_at = received + 7 * DAY
        if state in (S.AT_VENDOR, S.RETURNED):
            o.current_vendor_id = rng.choice(vendors)
            o.paused_at = o.diagnosed_at if state == S.AT_VENDOR else None
            o.due_at = None if state == S.AT_VENDOR else o.due_at
        if state in (S.READY, S.UNREPAIRABLE, S.CLOSED):
            o.ready_at = min(now, received + rng.randint(2, 10) * DAY)
            o.due_at = o.ready_at + 30 * DAY
            if state == S.UNREPAIRABLE:
                o.unrepairable_reason = "配件停产，无法修复。"
            else:
                o.repaired_by_id = o.engineer_id
                o.reinspection_result, o.reinspection_passed_at = "复检通过", o.ready_at
        if state == S.CLOSED:
            o.signer_name, o.signed_at = "本人", o.ready_at + rng.randint(1, 5) * DAY
            o.closed_at, o.due_at = o.signed_at, None
        if state == S.CANCELLED:
            o.cancel_reason, o.due_at = "客户取消维修。", None
        o.marked_overdue = bool(o.due_at and o.due_at < now)
        recs.append(o)
    counters = number_by_year(recs, "WX", "received_at")
    fast_insert(RepairOrder, recs, when="received_at", reason="receive",
                user_ids=staff["clerk"], rng=rng)
    for year, value in counters.items():
        set_counter("WX", year, value)
    # for follow-up calls
    ctx["closed_repairs"] = [(o.id, o.party_id, o.engineer_id, o.closed_at)
                             for o in recs if o.state == S.CLOSED]
    return len(recs)
