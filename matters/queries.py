"""The one visibility rule of applications, and the queues built on it."""

from django.db.models import Q

from servicecenter import handover
from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, VILLAGE, has_role
from servicecenter.standin import acting_ids

from . import joint
from .models import Application, ApplicationExtension, State
from .models.choices import WINDOW_STATES


def visible_applications(user):
    """Clerks, managers and leaders: every application; a handler: those of their
    departments and those they handle; a department's head: the department's; a
    村代办员: only their village's."""
    qs = Application.objects.all()
    if has_role(user, CLERK, MANAGER, LEADER):
        return qs
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    # and a handover (转交) this person took part in
    mine = (Q(handler__in=acting_ids(user)) | Q(department__head=user)
            | handover.involved_q(Application, user))
    if has_role(user, HANDLER):
        mine |= Q(department__members=user)
    if has_role(user, VILLAGE):  # 村代办员: their village's (levels)
        return qs.filter(village__in=user.villages.filter(is_active=True))
    mine |= joint.consulted_q(user)  # 并联审批: a department asked for its opinion
    return qs.filter(pk__in=Application.objects.filter(mine).values("pk"))


def visible_extensions(user):
    return ApplicationExtension.objects.filter(
        application__in=visible_applications(user))


def refusals(user):
    """否定报备: every refusal, newest first, for the centre office to review."""
    return visible_applications(user).filter(state=State.REJECTED).order_by(
        "-refused_at", "-id")


# --- queues (工作台, the window's and the department's lists) ---------------------
DEPARTMENT_STATES = (State.ACCEPTED, State.HANDLING, State.SPECIAL)


def window_queue(user):
    """A clerk's own: received, awaiting correction, to inform, to deliver."""
    return Application.objects.filter(first_receiver=user, state__in=WINDOW_STATES)


def department_queue(user):
    """A handler's: accepted in their departments (to take) and those they handle."""
    departments = list(user.departments.values_list("pk", flat=True))
    return Application.objects.filter(
        Q(state=State.ACCEPTED, department_id__in=departments)
        | Q(state__in=DEPARTMENT_STATES[1:], handler=user))


def review_queue(user):
    """What the user approves: review, as the department's head or the item's
    approver."""
    return Application.objects.filter(
        Q(department__head=user) | Q(item__approver=user), state=State.REVIEW)


def pending_extensions(user):
    if not has_role(user, LEADER):
        return ApplicationExtension.objects.none()
    return ApplicationExtension.objects.filter(
        state=ApplicationExtension.State.REQUESTED).select_related(
        "application", "requested_by")


def party_section(party, user):
    """The party page's 办件 rows, only those this user may see."""
    from django.urls import reverse

    qs = visible_applications(user).filter(party=party).select_related("item")
    rows = [{"number": a.number, "url": reverse("matters:detail", args=[a.pk]),
             "summary": a.item.name, "state": a.get_state_display(),
             "date": a.received_at}
            for a in qs.order_by("-received_at")[:50]]
    return {"title": "办件", "rows": rows} if rows or has_role(
        user, CLERK, MANAGER, LEADER, HANDLER) else None
