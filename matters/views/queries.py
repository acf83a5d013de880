"""The window's lists of 办件, each on top of the one visibility rule
(``matters.permissions.visible_applications``)."""

from django.db.models import Q

from servicecenter.forms import number_or_party
from servicecenter.roles import HANDLER, has_role

from ..models import Application
from ..models.choices import State
from ..queries import refusals as all_refusals
from ..queries import visible_applications

CLOCK = Application.clock


def filtered(user, data: dict):
    """办件台账: open ones by default; ``state`` (or "all"), ``item``, ``overdue``
    and ``q`` (the number, or the applicant's phone / ID number / name)."""
    qs = visible_applications(user)
    state = data.get("state")
    if state and state != "all":
        qs = qs.filter(state=state)
    elif not state:
        qs = qs.filter(CLOCK.open_q())
    if data.get("item"):
        qs = qs.filter(item=data["item"])
    if data.get("overdue"):
        qs = qs.filter(CLOCK.overdue_q())
    if data.get("q"):
        qs = qs.filter(number_or_party(data["q"]))
    return qs


def department_arms(user) -> list[Q]:
    """What a department acts on, one branch per index walk in (due_at, id) order:
    accepted to take (its departments), handling and special handled by this user,
    in review where this user is the department's head."""
    departments = list(user.departments.values_list("pk", flat=True)) if has_role(
        user, HANDLER) else []
    headed = list(user.headed_departments.values_list("pk", flat=True))
    arms = [Q(state=State.HANDLING, handler=user), Q(state=State.SPECIAL, handler=user)]
    if departments:
        arms.append(Q(state=State.ACCEPTED, department_id__in=departments))
    if headed:
        arms.append(Q(state=State.REVIEW, department_id__in=headed))
    return arms


def department_queue(user, arms=None):
    """The department queue: ``department_arms`` within what the user may see."""
    condition = Q(pk__in=[])
    for arm in arms or department_arms(user):
        condition |= arm
    return visible_applications(user).filter(condition)


def department_queue_arms(user, arms, order) -> list:
    """Each branch of the queue on its own, in ``order`` (for ``ids_by_arms``)."""
    visible = visible_applications(user)
    return [visible.filter(arm).order_by(*order) for arm in arms]


def refusals(user, data: dict):
    """否定报备 (``matters.queries.refusals``), by department and refusal date."""
    qs = all_refusals(user)
    if data.get("department"):
        qs = qs.filter(department=data["department"])
    if data.get("date_from"):
        qs = qs.filter(refused_at__date__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(refused_at__date__lte=data["date_to"])
    return qs
