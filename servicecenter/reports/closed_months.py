"""The dashboard's trends for the months before the current one, cached.

A closed month's figures (handled, on time, late; ratings) change only when a record
finished (or rated) in it is saved or deleted: a reply entered with an earlier
date, a complaint reopened after it was handled, an edit in the admin. Any such save
bumps a version after its transaction commits; the figures live under the version
and expire after ``TIMEOUT`` anyway (a queryset ``update()`` sends no signal). The
current month is always counted live, from an index on the finished date.

The cache is optional (``servicecenter.cache``): while Redis is down every visit
counts every month, as before.
"""

import datetime

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

from servicecenter import registry

TIMEOUT = 600
VERSION_KEY = "reports:closed-months:version"
_SEEN = "_reports_finished_at_load"


def _version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump() -> None:
    """A closed month's figures changed: drop every cached trend."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(name: str, compute):
    key = f"reports:closed-months:{_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


_watched: dict = {}


def watched() -> dict:
    """{model: field} whose value dates a record into a trend's month (built once
    per set of processes and rating source: it is read on every model load)."""
    from .processes import PROCESSES

    source = registry.ratings()
    key = (PROCESSES, id(source))
    if _watched.get("key") != key:
        if not apps.ready:
            return {}
        fields = {p.model: p.finished for p in PROCESSES}
        if source is not None:
            fields[source.rated().model] = source.rated_at
        _watched.update(key=key, fields=fields)
    return _watched["fields"]


def _before_this_month(value) -> bool:
    if value is None:
        return False
    first = timezone.localdate().replace(day=1)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() < first
    return value < first


@receiver(post_init, dispatch_uid="reports-closed-months-init")
def _remember(sender, instance, **kwargs):
    field = watched().get(sender)
    if field:
        setattr(instance, _SEEN, instance.__dict__.get(field))


@receiver(post_save, dispatch_uid="reports-closed-months-save")
@receiver(post_delete, dispatch_uid="reports-closed-months-delete")
def _changed(sender, instance, **kwargs):
    field = watched().get(sender)
    if field and (_before_this_month(instance.__dict__.get(field))
                  or _before_this_month(getattr(instance, _SEEN, None))):
        transaction.on_commit(bump)
