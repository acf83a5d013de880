"""Provisional petition deadlines recomputed once a year's calendar is confirmed
(registered in setup.py; servicecenter.recompute). Each state's deadline is computed
again from the same stage and start as when it was set."""

from servicecenter import recompute
from servicecenter.deadlines import deadline_for

from .models import Petition
from .models.choices import State
from .models.flow import _start_of

HANDLING = (State.ACCEPTED, State.IN_PROGRESS, State.RESULT_REPORTED)


def _deadline(p: Petition):
    """(deadline, {stage field: due}) of the petition's current state, or None."""
    if p.state == State.REGISTERED:
        due = deadline_for("petition", "accept", p.received_at)
        return due, {"accept_due_at": due.due}
    if p.state in HANDLING and p.decided_at:
        due = deadline_for("petition", "handle", p.decided_at, extra=p.extension_days)
        return due, {"handle_due_at": due.due}
    if p.state == State.REPLIED and p.replied_on:
        due = deadline_for("petition", "review_window", _start_of(p.replied_on))
        return due, {"review_due_at": due.due}
    requested = {State.UNDER_REVIEW: p.review_requested_on,
                 State.UNDER_RE_REVIEW: p.re_review_requested_on}.get(p.state)
    if requested:
        return deadline_for("petition", "review_answer", _start_of(requested)), {}
    return None


def recompute_petitions(year: int) -> int:
    changed = 0
    # the clock's open states: a reply's 复查 window runs out too
    for petition in recompute.provisional_from(
            Petition.objects.filter(Petition.clock.open_q()), year):
        found = _deadline(petition)
        changed += bool(found) and recompute.apply(petition, found[0], **found[1])
    return changed
