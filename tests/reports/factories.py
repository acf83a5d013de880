"""Records in given states and dates for the report tests, built directly.

The report reads deadlines that a transition later clears (repairs, complaints)
from the records' history, so those are saved once in the working state with a
back-dated history row, then moved on with ``update()`` (no second history row),
as if the state machine had run at those dates.
"""

import datetime
import itertools

from django.utils import timezone

from petitions.models import Petition
from repairs.models import RepairOrder
from servicecenter.models import Notification
from tests.factories import PartyFactory
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import DifficultCaseFactory, ServiceTicketFactory
from tickets.models import Complaint, Revisit

_seq = itertools.count(1)


def at(m, d, hour=10, minute=0, y=2026) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime(y, m, d, hour, minute, tzinfo=tz)


def petition(state, *, handler=None, department=None, received=None, replied_on=None,
             handle_due=None, due=None):
    n = next(_seq)
    return Petition.objects.create(
        number=f"XF2026-{n + 80000:05d}", state=state, channel="visit",
        received_at=received or at(1, 5), party=PartyFactory(), subject="道路破损",
        content="村道路面塌陷", category="demand", handler=handler,
        department=department,
        replied_on=replied_on, handle_due_at=handle_due,
        due_at=due if due is not None else handle_due)


def ticket(state, *, engineer=None, created=None, due=None, resolved=None, closed=None,
           paused=None):
    return ServiceTicketFactory(state=state, engineer=engineer, due_at=due,
                                created_at=created or at(1, 5), resolved_at=resolved,
                                closed_at=closed, paused_at=paused)


def repair(state, *, engineer, received_by, received=None, due=None, paused=None):
    return RepairOrderFactory(state=state, engineer=engineer, received_by=received_by,
                              received_at=received or at(1, 5), due_at=due,
                              paused_at=paused)


def delivered_repair(*, engineer, received_by, repair_due, ready, closed):
    """A delivered order whose repair deadline was ``repair_due`` while in
    re-inspection (history row dated just before ``ready``)."""
    order = RepairOrderFactory.build(state="reinspection", engineer=engineer,
                                     party=PartyFactory(),
                                     received_by=received_by, received_at=at(3, 2),
                                     due_at=repair_due)
    order._history_date = ready - datetime.timedelta(hours=1)
    order.save()
    RepairOrder.objects.filter(pk=order.pk).update(state="closed", ready_at=ready,
                                                   closed_at=closed, due_at=None)
    return order


def complaint(state, *, responsible=None, department=None, received=None, due=None):
    n = next(_seq)
    return Complaint.objects.create(
        number=f"TS2026-{n + 80000:05d}", state=state, source="hotline",
        party=PartyFactory(), subject="服务迟到", content="工程师迟到",
        received_at=received or at(1, 5), responsible=responsible,
        department=department, due_at=due)


def handled_complaint(*, responsible, department, handle_due, handled):
    """Accepted with ``handle_due`` (history row a day before), then handled."""
    c = Complaint(number=f"TS2026-{next(_seq) + 80000:05d}", state="accepted",
                  source="hotline", party=PartyFactory(), subject="服务迟到",
                  content="工程师迟到",
                  received_at=handled - datetime.timedelta(days=5),
                  responsible=responsible, department=department, due_at=handle_due)
    c._history_date = handled - datetime.timedelta(days=1)
    c.save()
    Complaint.objects.filter(pk=c.pk).update(state="handled", handled_at=handled,
                                             due_at=None)
    return c


def revisit(*, engineer=None, department=None, rating=None, completed=None,
            state="completed"):
    n = next(_seq)
    done = completed or at(3, 10)
    return Revisit.objects.create(
        number=f"HF2026-{n + 80000:05d}", state=state, kind="service",
        party=PartyFactory(), engineer=engineer, department=department,
        closed_at=done - datetime.timedelta(days=10), window_start=done.date(),
        window_end=done.date(), rating=rating,
        completed_at=done if state == "completed" else None)


def notice(recipient, kind, created):
    n = Notification.objects.create(recipient=recipient, kind=kind, title="超期",
                                    due_at=created)
    Notification.objects.filter(pk=n.pk).update(created_at=created)
    return n


def difficult_case(state, *, created, proposed_by):
    return DifficultCaseFactory(state=state, created_at=created,
                                proposed_by=proposed_by)
