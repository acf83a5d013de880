"""Read-side queries for queues, counts and the party page (indexed filters)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from servicecenter import handover
from servicecenter.roles import ENGINEER, has_role
from servicecenter.standin import acting_ids
from tickets.models import ServiceTicket


def overdue_tickets(now=None, qs=None):
    """Past the running deadline: paused states never are, and a resolved ticket is
    late only by the clerks' confirmation deadline (``ServiceTicket.clock``)."""
    qs = ServiceTicket.objects.all() if qs is None else qs
    return qs.filter(ServiceTicket.clock.overdue_q(now))


def engineers_with_load():
    """Every active engineer with the number of open tickets they hold.

    One correlated count per engineer over the (engineer, state) index, restricted to
    the open states: joining every ticket an engineer ever had and counting with a
    FILTER read the whole table (~470 ms at a million records)."""
    open_states = list(ServiceTicket.WORK_STATES)
    load = (
        ServiceTicket.objects.filter(engineer=OuterRef("pk"), state__in=open_states)
        .order_by().values("engineer").annotate(n=Count("*")).values("n")
    )
    return (
        get_user_model().objects.filter(groups__name=ENGINEER, is_active=True)
        .annotate(open_load=Coalesce(Subquery(load, output_field=IntegerField()),
                                     Value(0)))
        .order_by("open_load", "first_name", "username")
    )


def my_tasks(user):
    """An engineer's open tickets, the nearest deadline first."""
    return (
        ServiceTicket.objects.filter(engineer=user, state__in=ServiceTicket.WORK_STATES)
        .select_related("party")
        .order_by("due_at", "id")
    )


def visible_servicetickets(user):
    """The one visibility rule for service tickets (``can_view_ticket``):
    the window and leaders see all, an engineer the tickets assigned to him."""
    from .permissions import can_view_queue_ticket

    if can_view_queue_ticket(user):
        return ServiceTicket.objects.all()
    # a handover (转交) this person took part in, besides an engineer's own tickets
    involved = handover.involved_q(ServiceTicket, user)
    if has_role(user, ENGINEER):
        return ServiceTicket.objects.filter(Q(engineer__in=acting_ids(user)) | involved)
    return ServiceTicket.objects.filter(involved)


def visible_difficultcases(user):
    """The one visibility rule for difficult cases (``can_view_difficultcase``)."""
    from tickets.models import DifficultCase

    from .permissions import sees_every_difficultcase

    if not getattr(user, "is_authenticated", False):
        return DifficultCase.objects.none()
    if sees_every_difficultcase(user):
        return DifficultCase.objects.all()
    ids = acting_ids(user)  # and those they stand in for (AB角)
    return DifficultCase.objects.filter(
        Q(handler__in=ids) | Q(escalated_to__in=ids) | Q(proposed_by__in=ids))
