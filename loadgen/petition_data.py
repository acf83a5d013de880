"""Bulk petitions for benchmarks (``manage.py generate_data``): every state, three
years, deadlines consistent with the state, history rows, gapless yearly numbers.

Open petitions are recent (a few overdue); replied ones mostly still inside their
30-day review window, so the auto-close sweep only meets a handful.
"""

import datetime

from django.utils import timezone

from petitions.models import Petition
from petitions.models.choices import (
    Category,
    Channel,
    Outcome,
    ReviewDecision,
    Route,
    State,
)
from servicecenter.models import Department

from .data import Rec, fast_insert, number_by_year, set_counter

S = State
DAY = datetime.timedelta(days=1)
# (state, weight, max age in days of an open record; None: any time in three years)
PLAN = [
    (S.CLOSED, 580, None), (S.DECLINED, 80, None), (S.TRANSFERRED, 80, None),
    (S.MERGED, 30, None), (S.CONCLUDED, 15, None), (S.REPLIED, 25, 75),
    (S.REGISTERED, 25, 20), (S.ACCEPTED, 20, 30), (S.IN_PROGRESS, 80, 75),
    (S.RESULT_REPORTED, 15, 70), (S.UNDER_REVIEW, 10, 40), (S.UNDER_RE_REVIEW, 5, 40),
]
SUBJECTS = ["土地承包纠纷", "宅基地界址争议", "拖欠工资", "低保申请", "道路修缮",
            "饮水安全", "噪音扰民", "征地补偿", "医疗报销", "危房改造", "邻里纠纷",
            "环境污染", "养老保险", "林地权属", "灌溉用水"]


def generate(count, ctx):
    rng, now = ctx["rng"], timezone.now()
    parties, staff, depts = ctx["parties"], ctx["staff"], ctx["departments"]
    members = {d.pk: [u.pk for u in d.members.all() if u.pk in staff["handler"]]
               for d in Department.objects.filter(pk__in=depts)
               .prefetch_related("members")}
    categories, channels = list(Category.values), list(Channel.values)
    states = [s.value for s, _, _ in PLAN]
    ages = {s.value: a for s, _, a in PLAN}
    weights = [w for _, w, _ in PLAN]
    expired_replied = 0
    objs = []
    chosen = rng.choices(states, weights, k=count)
    pool = min(60, count // 10)  # fresh records for the benchmark's sign POST
    chosen[:pool] = [S.ACCEPTED.value] * pool
    for n, state in enumerate(chosen):
        max_age = ages[state]
        if state == S.REPLIED and expired_replied < 10 and rng.random() < 0.05:
            expired_replied += 1  # a few whose review window has just run out
            max_age = None
        if max_age is None:
            received = now - datetime.timedelta(seconds=rng.randint(80 * 86400,
                                                                    3 * 365 * 86400))
        else:
            received = now - datetime.timedelta(
                seconds=rng.randint(3600, max_age * 86400))
        category = ("demand" if n < pool
                    else rng.choices(categories, [30, 15, 15, 5, 30, 5])[0])
        dept = depts[0] if n < pool else rng.choice(depts)
        p = Rec(
            state=state, channel=rng.choice(channels), received_at=received,
            created_at=received, party_id=rng.choice(parties),
            headcount=rng.choices([1, 2, 3, 6], [85, 8, 4, 3])[0],
            subject=rng.choice(SUBJECTS), category=category,
            content="反映" + rng.choice(SUBJECTS) + "问题，请求依法处理。",
            place=f"{rng.randint(1, 12)}组",
            first_receiver_id=rng.choice(staff["clerk"]),
            accept_due_at=received + 15 * DAY)
        p.due_at = p.accept_due_at
        if state in (S.DECLINED, S.TRANSFERRED, S.MERGED):
            p.decided_by_id = rng.choice(staff["leader"])
            p.decided_at = received + 3 * DAY
            p.due_at = None
            if state == S.DECLINED:
                p.decline_reason = "不属于信访受理范围。"
                p.route = rng.choice(Route.values)
            elif state == S.TRANSFERRED:
                p.transfer_to = "县信访局"
        elif state != S.REGISTERED:
            decided = received + datetime.timedelta(hours=rng.randint(4, 72))
            if decided > now:
                decided = received
            p.decided_by_id, p.decided_at = rng.choice(staff["leader"]), decided
            p.instruction = "请承办科室依法办理。"
            p.department_id = dept
            p.return_due_at = decided + 7 * DAY
            p.handle_due_at = p.due_at = decided + 60 * DAY
            if state != S.ACCEPTED:
                p.handler_id = rng.choice(members.get(dept) or staff["handler"])
                p.signed_at = decided + DAY if decided + DAY < now else decided
            if state not in (S.ACCEPTED, S.IN_PROGRESS):
                p.outcome = rng.choice(Outcome.values)
                p.facts, p.legal_basis = "经调查核实，情况属实。", "《信访工作条例》"
                p.result_at = min(now, p.signed_at
                                  + datetime.timedelta(days=rng.randint(3, 40)))
            if state not in (S.ACCEPTED, S.IN_PROGRESS, S.RESULT_REPORTED):
                replied = min(now, p.result_at + 2 * DAY)
                if state == S.REPLIED and max_age is not None:
                    replied = now - datetime.timedelta(days=rng.randint(0, 25))
                p.reply_method = "书面"
                p.replied_on = timezone.localtime(replied).date()
                p.review_due_at = replied + 30 * DAY
                p.due_at = p.review_due_at
            if state in (S.CLOSED, S.CONCLUDED, S.UNDER_REVIEW, S.UNDER_RE_REVIEW):
                p.due_at = None
                p.satisfaction = rng.choice(["satisfied", "basic", "dissatisfied", ""])
            if state in (S.UNDER_REVIEW, S.UNDER_RE_REVIEW, S.CONCLUDED):
                asked = min(now, p.review_due_at - 20 * DAY)
                p.review_requested_on, p.review_body = asked.date(), "县信访局"
                p.due_at = asked + 30 * DAY
            if state in (S.UNDER_RE_REVIEW, S.CONCLUDED):
                p.review_decision = ReviewDecision.UPHOLD
                p.review_opinion, p.review_decided_on = "维持原处理意见。", p.replied_on
                p.re_review_requested_on, p.re_review_body = p.replied_on, "市信访局"
            if state == S.CONCLUDED:
                p.re_review_decision = ReviewDecision.UPHOLD
                p.re_review_opinion = "维持。"
                p.due_at = None
        p.marked_overdue = bool(state in (S.REGISTERED, S.ACCEPTED, S.IN_PROGRESS,
                                          S.RESULT_REPORTED, S.UNDER_REVIEW,
                                          S.UNDER_RE_REVIEW)
                                and p.due_at and p.due_at < now)
        objs.append(p)
    counters = number_by_year(objs, "XF", "received_at")
    fast_insert(Petition, objs, when="received_at", reason="register",
                user_ids=staff["clerk"], rng=rng)
    for year, value in counters.items():
        set_counter("XF", year, value)
    return len(objs)
