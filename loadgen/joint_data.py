"""Bulk 并联审批 opinions for benchmarks, against an existing (large) database:
``manage.py generate_data --only joint --records N``.

Two consulted departments (压测规划, 压测国土), each with three handlers, are asked for
their opinion on the newest ``N // 2`` accepted applications that have none: each
opinion opened at the acceptance, due 5 (or 3) working days later, answered as the
rules would have had it (pending while its limit runs and the application is still
before 审核; else agreed or refused in time, answered late, or 默认同意 by the sweep at
its limit). The items' versions are left as they are (no ``JointDepartment`` rows), so
the other benchmarks' flows accept and submit as before.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from matters.models import Application, JointOpinion, State
from servicecenter.models import Department
from servicecenter.roles import HANDLER

from . import matter_flow as flow
from .data import Rec, fast_insert

S, OP = State, JointOpinion.State
DEPARTMENTS = [("LJGH", "压测规划建设服务中心", "实地踏勘审查", 5),
               ("LJGT", "压测国土资源所", "用地审查", 3)]
BEFORE_REVIEW = {S.ACCEPTED, S.HANDLING, S.SPECIAL}
HOUR = datetime.timedelta(hours=1)


def ensure_departments() -> list[tuple[Department, list[int], str, int]]:
    """The two consulted departments and their handlers (made where missing)."""
    group = Group.objects.get_or_create(name=HANDLER)[0]
    out = []
    for code, name, subject, days in DEPARTMENTS:
        dept, _ = Department.objects.get_or_create(code=code, defaults={"name": name})
        ids = []
        for i in range(1, 4):
            user, made = User.objects.get_or_create(
                username=f"{code.lower()}{i}",
                defaults={"first_name": f"{name[2:4]}{i}"})
            if made:
                user.set_unusable_password()
                user.save()
                user.groups.add(group)
                dept.members.add(user)
            ids.append(user.pk)
        out.append((dept, ids, subject, days))
    return out


def _answer(rng, now, op, app_state, handlers):
    """The state the opinion would be in now, and who answered when."""
    due, opened = op.due_at, op.opened_at
    if due > now and app_state in BEFORE_REVIEW and rng.random() < 0.8:
        return  # still pending: its limit runs
    roll = rng.random()
    if roll < 0.15:  # nobody answered: 默认同意 at the limit
        op.state, op.answered_at, op.answered_by_id = OP.DEFAULTED, due, None
        op.text = f"{op.limit_days}个工作日内未回复意见，按超时默认制视为同意。"
        return
    late = roll < 0.25 and due < now
    span = (due - opened).total_seconds()
    at = (due + HOUR * rng.randint(1, 30)) if late else (
        opened + datetime.timedelta(seconds=rng.uniform(0.1, 0.9) * span))
    op.answered_at = min(at, now)
    op.answered_by_id = rng.choice(handlers)
    refused = roll > 0.95 and app_state in BEFORE_REVIEW | {S.REVIEW}
    op.state = OP.REFUSED if refused else OP.AGREED
    op.text = "经审查，不同意。" if refused else "经审查，同意。"
    op.reasons = "拟建位置占用基本农田。" if refused else ""


def generate(rng, count) -> int:
    """About ``count`` opinions (two per application); returns how many."""
    now = timezone.now()
    flow.reset()
    departments = ensure_departments()
    asked = JointOpinion.objects.values("application_id")
    apps = list(Application.objects.filter(accepted_at__isnull=False)
                .exclude(state__in=[S.WITHDRAWN, S.REJECTED])
                .exclude(pk__in=asked).order_by("-accepted_at")
                .values_list("pk", "accepted_at", "state")[:max(1, count // 2)])
    recs = []
    for pk, accepted_at, state in apps:
        for dept, handlers, subject, days in departments:
            deadline = flow.workday_due(accepted_at, days)
            op = Rec(application_id=pk, department_id=dept.pk, subject=subject,
                     limit_days=days, opened_at=accepted_at, due_at=deadline.due,
                     due_provisional=deadline.provisional, state=OP.PENDING,
                     answered_by_id=None, answered_at=None, text="", reasons="")
            _answer(rng, now, op, state, handlers)
            recs.append(op)
    fast_insert(JointOpinion, recs, when="opened_at", reason="open", rng=rng)
    return len(recs)
