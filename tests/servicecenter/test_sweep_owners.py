"""Issue 17 item 3: the sweep chases what is late, and tells whoever answers for it."""

import datetime as dt

import pytest
from django.utils import timezone

from servicecenter import sweep
from servicecenter.deadlines import get_limit
from servicecenter.models import Notification
from tests.complaints.factories import make_revisit
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import ServiceTicket
from tickets.service import services

pytestmark = pytest.mark.django_db
S = ServiceTicket.State
NOW = timezone.now()
DAY = dt.timedelta(days=1)


def _to(record, kind=Notification.Kind.CHASE):
    return set(Notification.objects.filter(
        object_id=record.pk, kind=kind, content_type__model=record._meta.model_name)
        .values_list("recipient__username", flat=True))


def test_resolved_ticket_is_not_chased_for_the_resolve_deadline(engineer, clerk,
                                                               other_clerk, manager):
    """Resolved on time, not yet closed, the resolve deadline long gone: no 催办 to
    the engineer and no 督办 "超期未办结" to the managers."""
    ticket = ServiceTicketFactory(state=S.RESOLVED, engineer=engineer, created_by=clerk,
                                  due_at=NOW - 10 * DAY, resolved_at=NOW - 11 * DAY,
                                  confirm_due_at=NOW + DAY)
    sweep.run(NOW, full=True)
    assert not Notification.objects.filter(object_id=ticket.pk,
                                           kind=Notification.Kind.CHASE).exists()
    assert not Notification.objects.filter(object_id=ticket.pk,
                                           kind=Notification.Kind.ESCALATION).exists()
    ticket.refresh_from_db()
    assert not ticket.marked_overdue


def test_late_confirmation_is_chased_with_the_clerks(engineer, clerk, other_clerk):
    ticket = ServiceTicketFactory(state=S.RESOLVED, engineer=engineer, created_by=clerk,
                                  due_at=NOW + DAY, resolved_at=NOW - 3 * DAY,
                                  confirm_due_at=NOW - DAY)
    sweep.run(NOW, full=True)
    assert _to(ticket) == {"clerk", "other_clerk"}
    ticket.refresh_from_db()
    assert ticket.marked_overdue


def test_resolving_sets_the_confirmation_deadline_from_its_limit(engineer):
    assert get_limit("ticket", "confirm").label.startswith("服务单：完结确认")
    ticket = ServiceTicketFactory(state=S.IN_PROGRESS, engineer=engineer,
                                  due_at=NOW + DAY)
    ticket = services.resolve_ticket(ticket, engineer, result="已恢复")
    assert ticket.state == S.RESOLVED
    assert ticket.confirm_due_at is not None and ticket.confirm_due_at > NOW
    assert ServiceTicket.clock.due(ticket) == ticket.confirm_due_at
    ticket.refresh_from_db()
    assert ticket.confirm_due_at is not None


def test_overdue_follow_up_call_is_chased_with_the_clerks(clerk, other_clerk, engineer):
    call = make_revisit(engineer=engineer)
    call.window_start = call.window_end = timezone.localdate(NOW) - 2 * DAY
    call.save()
    sweep.run(NOW, full=True)
    assert _to(call) == {"clerk", "other_clerk"}


def test_system_ticket_waiting_for_assignment_tells_the_clerks(clerk, other_clerk):
    """A maintenance ticket has no first receiver: the clerks answer for 派工."""
    ticket = ServiceTicketFactory(state=S.NEW, created_by=None, due_at=NOW - DAY)
    sweep.run(NOW, full=True)
    assert _to(ticket) == {"clerk", "other_clerk"}
    soon = ServiceTicketFactory(state=S.NEW, created_by=None, due_at=NOW + dt.timedelta(
        hours=1))
    sweep.run(NOW, full=True)
    assert _to(soon, Notification.Kind.REMINDER) == {"clerk", "other_clerk"}
