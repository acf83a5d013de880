"""工作台: one list of what a user must act on now, across every app.

Each app registers ``fn(user) -> list[WorkItem]`` (bounded queries on indexed columns);
the list is merged and sorted by deadline. The count in the navigation is cached for a
minute per user.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
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

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.now()

    @property
    def due_today(self) -> bool:
        return (self.due is not None and not self.overdue
                and timezone.localtime(self.due).date() == timezone.localdate())


def items_for(user) -> list[WorkItem]:
    items = []
    for provider in registry.work_items:
        items.extend(provider(user)[:PER_PROVIDER_LIMIT])
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    items.sort(key=lambda i: (i.due or far, i.number))
    return items


def summary(items: list[WorkItem]) -> dict:
    return {
        "overdue": sum(i.overdue for i in items),
        "due_today": sum(i.due_today for i in items),
        "approvals": sum(i.approval for i in items),
        "total": len(items),
    }


def _count_key(user_id) -> str:
    return f"workqueue-count:{user_id}"


def cached_count(user) -> int:
    count = cache.get(_count_key(user.pk))
    if count is None:
        count = len(items_for(user))
        cache.set(_count_key(user.pk), count, 60)
    return count


def forget_counts(user_ids=None) -> None:
    """Called after a transition changes whose list a record is on."""
    if user_ids:
        cache.delete_many([_count_key(pk) for pk in set(user_ids) if pk])
