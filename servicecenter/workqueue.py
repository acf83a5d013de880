"""工作台: one list of what a user must act on now, across every app.

Each app registers ``fn(user) -> list[WorkItem]`` (bounded queries on indexed columns);
the list is merged and sorted by deadline. List, counts and the navigation badge are
cached per user and dropped whenever any record changes state (``bump`` after commit
in the transition runner and the sweep).
"""

import datetime
import functools
from dataclasses import dataclass, replace
from types import SimpleNamespace

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone

from . import registry

PER_PROVIDER_LIMIT = 100


@dataclass
class WorkItem:
    category: str  # 信访, 服务单, 维修, 投诉, 回访, 疑难案件
    number: str
    summary: str
    state: str
    reason: str  # 待审批, 待签收, 待派工, ... why it is on this user's list
    url: str
    due: datetime.datetime | None = None
    approval: bool = False  # waiting for this user's approval
    delegable: bool = False  # this user's own: their stand-in (AB角) takes it over

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.now()

    @property
    def due_today(self) -> bool:
        return (self.due is not None and not self.overdue
                and timezone.localtime(self.due).date() == timezone.localdate())


BY_DUE = ("due_at", "id")


def rows(qs, *fields, order=BY_DUE) -> list[SimpleNamespace]:
    """The first ``PER_PROVIDER_LIMIT`` records of ``qs`` (by ``order``; None: the
    queryset's own) with only the columns a work item shows: ``pk``, the state and
    ``state_label``, ``due`` (the running deadline of the model's clock, if any) and
    ``fields`` (``"item__name"`` is read as ``row.item__name``). No model instances:
    building them was most of a rebuild's time (1,400 rows for a clerk at 1M)."""
    return rows_of([qs], *fields, orders=[order])[0]


def rows_of(querysets, *fields, orders=None) -> list[list[SimpleNamespace]]:
    """``[rows(qs, *fields, order=o) for qs, o in zip(querysets, orders)]`` in one
    query, a UNION ALL of the lists (querysets of one model; ``orders`` ascending,
    each list ``BY_DUE`` by default). Each list is put back in its order here: a
    union keeps no order of its parts."""
    orders = orders or [BY_DUE] * len(querysets)
    model = querysets[0].model
    clock = getattr(model, "clock", None)  # an appointment has none: ``due`` None
    state = clock.state_field if clock else "state"
    due_fields = sorted({clock.due_of(s) for s in clock.timed} - {None} if clock
                        else ())
    labels = {value: str(label)
              for value, label in model._meta.get_field(state).flatchoices}
    names = list(dict.fromkeys(["pk", state, *due_fields, *fields,
                                *(f for order in orders for f in order or ())]))
    arms = [(qs.order_by(*order) if order else qs).annotate(arm=Value(n))
            .values(*names, "arm")[:PER_PROVIDER_LIMIT]
            for n, (qs, order) in enumerate(zip(querysets, orders, strict=True))]
    found = list(arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0])
    lists = [[] for _ in arms]
    for values in found:
        row = SimpleNamespace(**values)
        row.state_label = labels.get(values[state], values[state])
        row.due = clock.due(row) if clock else None
        lists[values["arm"]].append(row)
    if len(arms) > 1:
        for found_rows, order in zip(lists, orders, strict=True):
            found_rows.sort(key=lambda r, order=order: [
                (getattr(r, f) is None, getattr(r, f)) for f in order])
    return lists


_PK = 987654321  # a pk no URL pattern contains otherwise


@functools.cache
def _url_pattern(url_name: str) -> str:
    return reverse(url_name, args=[_PK]).replace(str(_PK), "{}")


def record_url(url_name: str, pk: int) -> str:
    """``reverse(url_name, args=[pk])`` for a list of hundreds of records: the pattern
    is reversed once (a reverse costs about as much as building the item)."""
    return _url_pattern(url_name).format(int(pk))


def _forget_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _url_pattern.cache_clear()


setting_changed.connect(_forget_urls)


def _version() -> int:
    return cache.get_or_set("workqueue:version", 1, None)


def bump() -> None:
    """A record changed state: every user's cached list and counts are stale."""
    try:
        cache.incr("workqueue:version")
    except ValueError:
        cache.set("workqueue:version", 2, None)


def cached(user, name: str, compute, seconds: int = 300):
    """``compute()`` cached per user until the next transition anywhere (or timeout).
    Keeps 工作台 at a few queries on every visit after the first."""
    key = f"workqueue:{_version()}:{name}:{user.pk}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def items_for(user) -> list[WorkItem]:
    items = cached(user, "items", lambda: _items_for(user))
    cache.set(f"workqueue:last-count:{user.pk}", len(items), None)
    return items


def _items_for(user) -> list[WorkItem]:
    items = []
    for provider in registry.work_items:
        items.extend(provider(user)[:PER_PROVIDER_LIMIT])
    items += stood_in_items(user, {i.url for i in items})
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    items.sort(key=lambda i: (i.due or far, i.number))
    return items


def stood_in_items(user, seen=frozenset()) -> list[WorkItem]:
    """The queues of those ``user`` stands in for now (AB角): each absent
    colleague's own items, marked 代 and whose."""
    from django.contrib.auth import get_user_model

    from .people import display_name
    from .standin import represented_ids

    items = []
    for absent in get_user_model().objects.filter(pk__in=represented_ids(user)):
        name = display_name(absent)
        for provider in registry.work_items:
            items += [replace(i, reason=f"{i.reason}（代{name}）")
                      for i in provider(absent)[:PER_PROVIDER_LIMIT]
                      if i.delegable and i.url not in seen]
    return items


def summary(items: list[WorkItem]) -> dict:
    return {
        "overdue": sum(i.overdue for i in items),
        "due_today": sum(i.due_today for i in items),
        "approvals": sum(i.approval for i in items),
        "total": len(items),
    }


def count_all(counts) -> list[int]:
    """``[qs.count() for qs in counts]`` in one query: a ``SELECT`` of one
    ``COUNT(*)`` subquery per queryset (PostgreSQL plans each as its own count; a
    sliced queryset counts up to its slice, as ``count()`` does). An entry may be a
    list of querysets of disjoint rows: their counts' sum."""
    if not counts:
        return []
    parts, params = [], []
    for entry in counts:
        terms = []
        for qs in entry if isinstance(entry, list) else [entry]:
            qs = qs if qs.query.is_sliced else qs.order_by()
            try:
                sql, qs_params = qs.values("pk").query.sql_with_params()
            except EmptyResultSet:  # .none(), or a filter on an empty list
                continue
            terms.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
            params += qs_params
        parts.append(" + ".join(terms) or "0")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return list(cursor.fetchone())


def last_count(user) -> int | None:
    """The navigation badge: the count from this user's last 工作台 visit. Other
    pages never pay for building the list (a transition anywhere invalidates it)."""
    return cache.get(f"workqueue:last-count:{user.pk}")
