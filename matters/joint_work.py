"""并联审批 on the 工作台: the pending opinions of this user's departments."""

from servicecenter.workqueue import PER_PROVIDER_LIMIT, WorkItem, record_url

from . import joint

CATEGORY = "办件"


def joint_work_items(user) -> list[WorkItem]:
    departments = joint.answerable_departments(user)
    if not departments:
        return []
    qs = joint.pending_for(user, departments).select_related(
        "department", "application__item")[:PER_PROVIDER_LIMIT]
    return [WorkItem(CATEGORY, o.application.number,
                     f"{o.application.item.name}（{o.department}）", "待回复",
                     "并联审批待回复意见",
                     record_url("matters:detail", o.application_id), o.due_at)
            for o in qs]
