"""What repairs put on a user's 工作台 list."""


from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role
from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url

from . import queries


def _items(qs, reason, delegable=False):
    qs = qs.order_by("due_at", "id")[:PER_PROVIDER_LIMIT]
    return [WorkItem("维修", o.number, o.device_label,
                     o.get_state_display(), reason,
                     record_url("repairs:detail", o.pk),
                     o.clock.due(o), delegable=delegable) for o in qs]


def repair_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, CLERK, MANAGER):
        items += _items(queries.to_assign(), "待派工")
        items += _items(queries.to_dispatch(), "待外送")
        items += _items(queries.ready_for_pickup(), "待取件")
    if has_role(user, ENGINEER):
        items += _items(queries.mine(user), "我的维修", delegable=True)
    return items
