"""Provisional deadlines of service tickets and complaints recomputed once a year's
calendar is confirmed (registered in setup_service.py; servicecenter.recompute).
Each is computed again from the same stage and start as when it was set."""

from servicecenter import recompute
from servicecenter.deadlines import deadline_for

from .models import Complaint, ServiceTicket


def _since(record, verbs):
    """When the record last went through one of ``verbs`` (its history), or None."""
    return (record.history.filter(history_change_reason__in=verbs)
            .order_by("-history_date").values_list("history_date", flat=True).first())


def _ticket_deadline(ticket: ServiceTicket):
    stage = ServiceTicket.clock.stage_of(ticket) or ""
    if stage == "assign":
        return deadline_for("ticket", "assign", ticket.created_at)
    if not stage.startswith("resolve_"):
        return None  # the clerks' confirmation keeps its own field (confirm_due_at)
    # a visit after a failed remote service runs on its own clock (convert_to_onsite)
    start = _since(ticket, ["convert_to_onsite"]) or ticket.created_at
    deadline = deadline_for("ticket", stage, start)
    return recompute.shifted_by_working_hours(deadline, ticket.paused_hours)


def _complaint_deadline(complaint: Complaint):
    if complaint.rectify_due_at:  # a bad rating: one rectification limit throughout
        due = deadline_for("complaint", "rectify", complaint.received_at)
        return due, {"rectify_due_at": due.due}
    if complaint.state == Complaint.State.REGISTERED:
        return deadline_for("complaint", "accept", complaint.received_at), {}
    start = _since(complaint, ["accept", "reopen"])
    if complaint.state == Complaint.State.ACCEPTED and start:
        return deadline_for("complaint", "handle", start), {}
    return None


def recompute_tickets(year: int) -> int:
    changed = 0
    open_tickets = ServiceTicket.objects.filter(ServiceTicket.clock.open_q())
    for ticket in recompute.provisional_from(open_tickets, year):
        deadline = _ticket_deadline(ticket)
        changed += bool(deadline) and recompute.apply(ticket, deadline)
    open_complaints = Complaint.objects.filter(
        state__in=[Complaint.State.REGISTERED, Complaint.State.ACCEPTED])
    for complaint in recompute.provisional_from(open_complaints, year):
        found = _complaint_deadline(complaint)
        changed += bool(found) and recompute.apply(complaint, found[0], **found[1])
    return changed
