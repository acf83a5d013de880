"""What repairs put on a user's 工作台 list."""


from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role
from servicecenter.workqueue import WorkItem, record_url, rows

from . import queries


def _items(qs, reason, delegable=False):
    return [WorkItem("维修", o.number,
                     f"{o.device_type} {o.brand} {o.model_name}".strip(),
                     o.state_label, reason, record_url("repairs:detail", o.pk),
                     o.due, delegable=delegable)
            for o in rows(qs, "number", "device_type", "brand", "model_name")]


def repair_work_items(user) -> list[WorkItem]:
    items = []
    if has_role(user, CLERK, MANAGER):
        items += _items(queries.to_assign(), "待派工")
        items += _items(queries.to_dispatch(), "待外送")
        items += _items(queries.ready_for_pickup(), "待取件")
    if has_role(user, ENGINEER):
        items += _items(queries.mine(user), "我的维修", delegable=True)
    return items
