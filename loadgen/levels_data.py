"""Bulk levels data (村 → 镇 → 县) for benchmarks: village service points with their
村代办员, and 宅基地 applications at every level with their stages, against an
existing (large) database: ``manage.py generate_data --only levels --records N``.

Each application carries the stages it has passed (village, town, county, town
again), with the moments and deadlines the services would have set; those sent to
town wait in the town's incoming queue (``to_town``), some with their paper late.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from matters.levels_seed import ZHAIJIDI, seed_all
from matters.models import Application, ApplicationStage, ServiceItem, State, Village
from matters.services.levels import segments
from servicecenter.deadlines import compute
from servicecenter.models import Party, TimeLimit
from servicecenter.roles import CLERK, VILLAGE, role_users

from .data import Rec, copy_insert, fast_insert, number_by_year, set_counter

S = State
DAY, HOUR = datetime.timedelta(days=1), datetime.timedelta(hours=1)
VILLAGES = 40
# state, weight, how many stages it has passed (village, town, county, issue)
PLAN = [(S.VILLAGE, 15, 1), (S.TO_TOWN, 20, 1), (S.RECEIVED, 10, 2),
        (S.HANDLING, 15, 2), (S.COUNTY, 15, 3), (S.DECIDED, 5, 4),
        (S.CLOSED, 20, 4)]
WD = TimeLimit.Unit.WORKING_DAYS


def ensure_villages(n=VILLAGES) -> list[tuple[int, int]]:
    """(village id, its 村代办员's id) for ``n`` villages, made where missing."""
    group = Group.objects.get_or_create(name=VILLAGE)[0]
    out = []
    for i in range(1, n + 1):
        village, _ = Village.objects.get_or_create(
            code=f"LV{i:03d}", defaults={"name": f"压测{i:03d}村"})
        user, made = User.objects.get_or_create(
            username=f"lvillage{i:03d}", defaults={"first_name": f"村代办员{i:03d}"})
        if made:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
            village.staff.add(user)
        out.append((village.pk, user.pk))
    return out


def _due(start, days):
    return compute(start, days, WD).due


def _stage(app, order, seg, start, user_id, end=None):
    return Rec(application_id=app.id, order=order, level=seg["level"],
               body=seg["body"][:200], limit_days=seg["days"], limit_note="",
               received_at=start, received_by_id=user_id,
               due_at=_due(start, seg["days"]), due_provisional=False,
               opinion="同意。" if end else "", opinion_by_id=user_id if end else None,
               opinion_at=end, sent_on_at=end, sent_on_by_id=user_id if end else None,
               sent_to="镇便民服务中心" if end and order == 1 else "",
               closed_at=end, paper_sent_at=end, paper_sent_by_id=None,
               paper_received_at=None, paper_received_by_id=None,
               paper_due_at=_due(end, 3) if end else None, next_chase_on=None,
               chased_overdue=False, paper_flagged=False)


def _stages(app, segs, passed, village_user, now):
    """The stages of one application, each a few days after the one before."""
    rows, start = [], app.received_at
    for order in range(1, passed + 1):
        seg = segs[order - 1]
        user = village_user if order == 1 else app.first_receiver_id
        last = order == passed and app.state not in (S.TO_TOWN, S.CLOSED)
        end = None if last else min(now, start + DAY * (1 + order))
        rows.append(_stage(app, order, seg, start, user, end))
        if rows[-1].level == "county" and end is None:
            rows[-1].next_chase_on = timezone.localdate(now)
        start = end or start
    return rows


def _application(rng, state, item, party_ids, village, clerk_id, now):
    age = rng.randint(1, 40 if state != S.CLOSED else 700)
    received = now - DAY * age - HOUR * rng.randint(0, 8)
    village_id, village_user = village
    first = village_user if state in (S.VILLAGE, S.TO_TOWN) else clerk_id
    return Rec(state=state, item_id=item.pk, version_id=item.current_version_id,
               situation_id=None, party_id=rng.choice(party_ids), channel="village",
               first_receiver_id=first, window_id=None, received_at=received,
               department_id=item.department_id, village_id=village_id,
               sent_to_town_at=received + DAY if state != S.VILLAGE else None,
               due_at=_due(received, 7) if state in (S.VILLAGE, S.TO_TOWN, S.COUNTY)
               else None, created_at=received, phone_tail="", number="")


def generate(rng, n) -> int:
    """``n`` 宅基地 applications at every level, with their stages."""
    seed_all()
    item = ServiceItem.objects.select_related("current_version").filter(
        name=ZHAIJIDI).first()
    party_ids = list(Party.objects.values_list("pk", flat=True)[:20000])
    clerks = list(role_users(CLERK).values_list("pk", flat=True))
    if item is None or not party_ids or not clerks or n <= 0:
        return 0
    new_build = item.current_version.situations.filter(name="新建").first()
    segs = segments(item.current_version, new_build)  # village, town, county, town
    villages = ensure_villages()
    now, weights = timezone.now(), [w for _, w, _ in PLAN]
    apps, passed = [], {}
    for _ in range(n):
        state, _w, stages = rng.choices(PLAN, weights)[0]
        village = rng.choice(villages)
        app = _application(rng, state, item, party_ids, village, rng.choice(clerks),
                           now)
        app.situation_id = getattr(new_build, "pk", None)
        apps.append(app)
        passed[id(app)] = (stages, village[1])
    with transaction.atomic():
        counters = number_by_year(apps, "BJ", "received_at")
        for year, value in counters.items():
            set_counter("BJ", year, value)
        fast_insert(Application, apps, when="received_at",
                    reason="receive_at_village", user_ids=clerks, rng=rng)
        rows = []
        for app in apps:
            k, village_user = passed[id(app)]
            rows += _stages(app, segs, min(k, len(segs)), village_user, now)
        copy_insert(ApplicationStage, rows)
    return len(apps) + len(rows)
