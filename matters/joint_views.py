"""The record page's 并联审批 panel: the opinions in one query (prefetched onto the
application, so the buttons' conditions read them too) and their timeline entries."""

from django.db.models import Prefetch, prefetch_related_objects

from servicecenter.people import display_name
from servicecenter.timeline import Entry

from . import joint, joint_rules
from .models import JointOpinion


def panel_context(app, user) -> dict:
    prefetch_related_objects([app], Prefetch(
        "joint_opinions", queryset=JointOpinion.objects.select_related(
            "department", "answered_by").order_by("due_at", "id")))
    rows = joint.panel(app)
    pending = [o for o in rows if o.is_pending]
    answerable = set()
    if pending:
        mine = set(joint.answerable_departments(user))
        answerable = {o.pk for o in pending if o.department_id in mine}
    entries = [Entry(o.answered_at, display_name(o.answered_by) or "系统",
                     f"并联审批意见：{o.department}",
                     f"{o.get_state_display()}。{o.text}"
                     + (f"不同意理由：{o.reasons}" if o.reasons else ""))
               for o in rows if o.answered_at]
    return {"joint": rows, "joint_answerable": answerable,
            "joint_refusal": joint_rules.refusal_message(app),
            "joint_entries": entries}
