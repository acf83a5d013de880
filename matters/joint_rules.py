"""The 并联审批 conditions on the application's own transitions (flow.py).

No state of its own: while a consulted department's opinion is pending the handler's
提交审核 and the approver's 审核办结 wait; one refusal stops a 准予. Read from the
application's ``joint_opinions`` (the record page prefetches them, so the buttons and
these conditions cost no query of their own there).
"""

from django.core.exceptions import ValidationError

from servicecenter.transitions import condition


def _opinions(app) -> list:
    """The opinions read with the application (the record page), else one query."""
    rows = getattr(app, "_joint_rows", None)
    if rows is None:
        from .joint_views import annotated

        rows = annotated(app)
    if rows is None:
        rows = list(app.joint_opinions.select_related("department")) if app.pk else []
    return rows


def pending_departments(app) -> list[str]:
    return [str(o.department) for o in _opinions(app) if o.is_pending]


def refusals(app) -> list:
    return [o for o in _opinions(app) if o.is_refused]


@condition("联办件：还有联办部门未回复并联审批意见，须待各部门回复或超时默认后才能继续。")
def joint_opinions_settled(app) -> bool:
    return not pending_departments(app)


def refusal_message(app) -> str:
    """Which department refused and why; "" when none did."""
    rows = refusals(app)
    if not rows:
        return ""
    said = "；".join(f"{o.department}不同意：{o.reasons.rstrip('。')}" for o in rows)
    return f"并联审批未通过（{said}），不能准予，只能作出不予决定。"


def check_outcome(app, outcome) -> None:
    """审核办结: one refusal of a consulted department stops a 准予."""
    if outcome == "granted":
        message = refusal_message(app)
        if message:
            raise ValidationError(message)
