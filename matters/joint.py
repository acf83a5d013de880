"""联办件 / 并联审批: opening the departments' opinions, answering them, 超时默认.

- On 受理 (accept, accept with waiver) the application's version's ``JointDepartment``
  rows become one pending ``JointOpinion`` each, due ``limit_days`` working days after
  the acceptance (``open_opinions``, run inside the acceptance's transaction by the
  django-fsm ``post_transition`` signal, so an acceptance refused leaves none).
- A member of the department answers: 同意, or 不同意 with the reasons
  (``answer_opinion``, through the transition runner).
- The sweep (``default_overdue_opinions``) records every pending opinion past its limit
  as 默认同意 (系统, at the limit) and tells the centre office (managers) once.
"""

from django.db import transaction
from django.db.models import CharField, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from servicecenter import standin, workdays
from servicecenter.deadlines import compute
from servicecenter.models import Notification, TimeLimit
from servicecenter.notify import create_notices, notices, notify, without_notice
from servicecenter.roles import (
    HANDLER,
    MANAGER,
    has_role,
    headed_department_ids,
    role_users,
)
from servicecenter.transitions import TransitionError, TransitionRefused, run_transition

from .models import Application, JointDepartment, JointOpinion, State

OPENING_VERBS = ("accept", "accept_with_waiver")
# an application no longer asking for opinions: finished, refused or withdrawn
ENDED = (State.DECIDED, State.NOTIFIED, State.CLOSED, State.REJECTED, State.WITHDRAWN)
BATCH = 1_000
OP = JointOpinion.State


def open_opinions(app, user=None) -> list[JointOpinion]:
    """One pending opinion per consulted department of the application's version
    (none twice), each due on the working-day calendar from the acceptance."""
    start = app.accepted_at or timezone.now()
    have = set(app.joint_opinions.values_list("department_id", flat=True))
    created = []
    for jd in JointDepartment.objects.filter(version_id=app.version_id).order_by(
            "order", "id"):
        if jd.department_id in have:
            continue
        deadline = compute(start, jd.limit_days, TimeLimit.Unit.WORKING_DAYS)
        opinion = JointOpinion(application=app, department_id=jd.department_id,
                               subject=jd.subject, limit_days=jd.limit_days,
                               opened_at=start, due_at=deadline.due,
                               due_provisional=deadline.provisional)
        opinion._history_user = user
        opinion._change_reason = "open"
        opinion.save()
        created.append(opinion)
    return created


def _on_transition(sender, instance, name, **kwargs):
    from .models import Application

    if sender is Application and name in OPENING_VERBS:
        open_opinions(instance, getattr(instance, "accepted_by", None))


def connect():
    from django_fsm.signals import post_transition

    from .models import Application

    post_transition.connect(_on_transition, sender=Application,
                            dispatch_uid="matters.joint.open_opinions")


ANSWERS = {"agree": "agree", "refuse": "refuse"}


def answer_opinion(opinion, user, *, decision, text="", reasons="",
                   expected_state=None):
    """同意 / 不同意 (reasons required) by a member of the consulted department."""
    verb = ANSWERS.get(decision)
    if verb is None:
        raise TransitionRefused("请选择同意或不同意。")
    if opinion.application.state in ENDED:
        raise TransitionRefused("该办件已办结或已终止，不再征求并联审批意见。")
    kwargs = {"text": text}
    if verb == "refuse":
        kwargs["reasons"] = reasons
    return run_transition(opinion, verb, user, (reasons or text).strip(),
                          expected_state=expected_state or OP.PENDING, **kwargs)


# --- 超时默认 (the sweep) ---------------------------------------------------------
def _tell_office(opinion) -> int:
    """The centre office (managers) is told of each 默认同意, once per opinion."""
    app = opinion.application
    return len(notify(
        role_users(MANAGER), Notification.Kind.INFO,
        f"超时默认：{app.number} {opinion.department}",
        f"{app.item.name}：{opinion.department}未在{opinion.limit_days}个工作日内"
        f"（{timezone.localtime(opinion.due_at):%Y-%m-%d}前）回复并联审批意见，"
        "按超时默认制记为默认同意，计入责任追究考核。",
        url=reverse("matters:detail", args=[app.pk]), record=app,
        due_at=opinion.due_at, event=f"joint-default-{opinion.department_id}"))


def remind_due_today(now) -> int:
    """The department's handlers are reminded once, on the last day of the limit.

    One batch: each department's handlers asked once, the notices sent with one
    ``create_notices``. An opinion reminded already is not read again (every five
    minutes the sweep meets the day's deadlines again)."""
    end = workdays.end_of_day(timezone.localtime(now).date())
    due_today = (JointOpinion.objects.filter(state=OP.PENDING, due_at__gte=now,
                                             due_at__lte=end)
                 .exclude(application__state__in=ENDED))
    opinions = list(without_notice(
        due_today, Application, Notification.Kind.REMINDER, "application_id",
        due_at=OuterRef("due_at"), event=Concat(
            Value("joint-due-"), Cast(OuterRef("department_id"), CharField())))
        .select_related("application__item", "department")[:BATCH])
    handlers: dict = {}
    for op in opinions:
        if op.department_id not in handlers:
            handlers[op.department_id] = set(op.department.members.filter(
                groups__name=HANDLER, is_active=True).values_list("pk", flat=True))
    away = standin.stand_ins(set().union(*handlers.values()))
    rows = [row for op in opinions for row in notices(
        handlers[op.department_id], Notification.Kind.REMINDER,
        f"并联审批意见今日到期：{op.application.number}",
        f"{op.application.item.name}：请{op.department}今日内回复并联审批意见，"
        "逾期未回复按超时默认制视为同意，并计入责任追究考核。",
        url=reverse("matters:detail", args=[op.application_id]),
        record=op.application, due_at=op.due_at,
        event=f"joint-due-{op.department_id}", away=away)]
    return len(create_notices(rows)) if rows else 0


def default_overdue_opinions(now=None) -> dict:
    """Every pending opinion past its limit → 默认同意 (系统); the office told once.
    On the limit's last day the department is reminded first."""
    now = now or timezone.now()
    reminded = remind_due_today(now)
    qs = (JointOpinion.objects.filter(state=OP.PENDING, due_at__lt=now)
          .exclude(application__state__in=ENDED)  # a withdrawn one asks no more
          .select_related("application__item", "department")
          .order_by("due_at", "id")[:BATCH])
    defaulted = told = 0
    for opinion in qs:
        try:
            with transaction.atomic():
                saved = run_transition(opinion, "default", None,
                                       "超时默认制：逾期未回复，视为同意",
                                       expected_state=OP.PENDING)
                saved.application, saved.department = (opinion.application,
                                                       opinion.department)
                told += _tell_office(saved)
            defaulted += 1
        except TransitionError:  # answered meanwhile
            continue
    return {"joint_defaulted": defaulted, "joint_default_told": told,
            "joint_reminded": reminded}


# --- who sees what ------------------------------------------------------------------
def answerable_departments(user) -> list[int]:
    """The departments whose opinions this user may give (handler members, heads)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    ids = set(headed_department_ids(user))
    if has_role(user, HANDLER):
        ids |= set(user.departments.values_list("pk", flat=True))
    return sorted(ids)


def _consulted(user) -> Q:
    mine = Q(department__head=user)
    if has_role(user, HANDLER):
        mine |= Q(department__members=user)
    return mine


def consulted_q(user) -> Q:
    """Applications on which a department of this user's (a handler member, or its
    head) is consulted: they may see the application (visibility)."""
    return Q(pk__in=JointOpinion.objects.filter(_consulted(user)).values(
        "application_id"))


def is_consulted(user, app) -> bool:
    return JointOpinion.objects.filter(_consulted(user), application=app).exists()


def pending_for(user, departments=None):
    """Pending opinions of this user's departments, by due date."""
    departments = answerable_departments(user) if departments is None else departments
    return (JointOpinion.objects.filter(department_id__in=departments,
                                        state=OP.PENDING)
            .exclude(application__state__in=ENDED).order_by("due_at", "id"))


def panel(app) -> list[JointOpinion]:
    """The record page's 并联审批 rows (its prefetched ``joint_opinions``)."""
    return list(app.joint_opinions.all())
