"""What repairs put on a user's 工作台 list."""


from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role
from servicecenter.workqueue import WorkItem, record_url, rows_of

from . import queries


def _items(lists) -> list[WorkItem]:
    """``lists``: (queryset, reason, delegable) each, read in one query."""
    if not lists:
        return []
    found = rows_of([qs for qs, *_ in lists], "number", "device_type", "brand",
                    "model_name")
    return [WorkItem("维修", o.number,
                     f"{o.device_type} {o.brand} {o.model_name}".strip(),
                     o.state_label, reason, record_url("repairs:detail", o.pk),
                     o.due, delegable=delegable)
            for (_, reason, delegable), orders in zip(lists, found, strict=True)
            for o in orders]


def repair_work_items(user) -> list[WorkItem]:
    lists = []
    if has_role(user, CLERK, MANAGER):
        lists += [(queries.to_assign(), "待派工", False),
                  (queries.to_dispatch(), "待外送", False),
                  (queries.ready_for_pickup(), "待取件", False)]
    if has_role(user, ENGINEER):
        lists.append((queries.mine(user), "我的维修", True))
    return _items(lists)
