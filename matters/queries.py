"""The one visibility rule of applications, and the queues built on it."""

from django.db.models import Q

from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, has_role

from .models import Application, ApplicationExtension, State


def visible_applications(user):
    """Clerks, managers and leaders: every application; a handler: those of their
    departments and those they handle; a department's head: the department's."""
    qs = Application.objects.all()
    if has_role(user, CLERK, MANAGER, LEADER):
        return qs
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    mine = Q(handler=user) | Q(department__head=user)
    if has_role(user, HANDLER):
        mine |= Q(department__members=user)
    return qs.filter(pk__in=Application.objects.filter(mine).values("pk"))


def visible_extensions(user):
    return ApplicationExtension.objects.filter(
        application__in=visible_applications(user))


def refusals(user):
    """否定报备: every refusal, newest first, for the centre office to review."""
    return visible_applications(user).filter(state=State.REJECTED).order_by(
        "-refused_at", "-id")
