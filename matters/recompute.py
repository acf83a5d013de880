"""Provisional application deadlines recomputed once a year's calendar is confirmed
(registered in setup.py; servicecenter.recompute): each from the same start as when it
was set."""

from servicecenter import recompute
from servicecenter.deadlines import deadline_for
from servicecenter.workdays import Deadline

from .models import Application, State
from .models.flow import PROCESS

PROMISE = (State.ACCEPTED, State.HANDLING, State.REVIEW, State.SPECIAL)


def _notice_start(app):
    """Receipt, or the last resubmission of corrected materials."""
    last = (app.history.filter(history_change_reason="resubmit")
            .order_by("-history_date").values_list("history_date", flat=True).first())
    return last or app.received_at


def _deadline(app):
    if app.state == State.RECEIVED:
        due = deadline_for(PROCESS, "notice", _notice_start(app))
        return due, {"notice_due_at": due.due}
    if app.state in PROMISE and app.accepted_at:
        app.recompute_promise()
        return (Deadline(app.due_at, app.due_provisional),
                {"promised_due_at": app.promised_due_at})
    if app.state == State.DECIDED and app.decided_at:
        due = deadline_for(PROCESS, "inform", app.decided_at)
        return due, {"inform_due_at": due.due}
    return None


def recompute_applications(year: int) -> int:
    changed = 0
    for app in recompute.provisional_from(
            Application.objects.filter(Application.clock.open_q()), year):
        before = (app.due_at, app.due_provisional)
        found = _deadline(app)
        if found:
            app.due_at, app.due_provisional = before  # apply() compares with these
            changed += recompute.apply(app, found[0], **found[1])
    return changed
