"""A notice for every hand-off (SPEC 1.12): told once, after commit, through
``notify``. Services pass ``handoff_notice(...)`` as a transition's ``after_commit``;
nothing here runs inside a transition method or a rolled-back attempt (Django drops
the on_commit callbacks of a transaction that rolls back, so a refused concurrent
attempt tells no one)."""

from collections.abc import Callable

from django.urls import reverse

from .models import Notification
from .notify import notify


def history_event(record, verb: str) -> str:
    """The hand-off's key: the history row the transition ``verb`` wrote last. A
    retried transition wrote one row, so its notice is created once."""
    row = (record.history.filter(history_change_reason=verb)
           .order_by("-history_date", "-history_id")
           .values_list("history_id", flat=True).first())
    return f"{verb}:{row}"


def tell(recipients, record, title: str, *, url_name: str, body: str = "",
         event: str):
    """One hand-off notice to each of ``recipients`` (users or ids, None skipped)
    about ``record``; only those who may view the record get it (``notify``)."""
    return notify(recipients, Notification.Kind.HANDOFF, title, body=body,
                  url=reverse(url_name, args=[record.pk]), record=record,
                  event=event)


def handoff_notice(verb: str, recipients: Callable, title: Callable, *,
                   url_name: str, body: Callable | None = None) -> Callable:
    """An ``after_commit`` callback: tell ``recipients(record)`` that ``record``
    waits on them, with ``title(record)`` (and ``body(record)``)."""

    def send(record):
        return tell(recipients(record), record, title(record), url_name=url_name,
                    body=body(record) if body else "",
                    event=history_event(record, verb))

    send.verb = verb
    return send
