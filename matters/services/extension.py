"""延期: once per application, within the item's allowance, approved by a leader,
through the shared ``servicecenter.extension`` use cases."""

from django.utils import timezone

from servicecenter import extension as shared
from servicecenter.transitions import TransitionRefused

from ..models import Application, ApplicationExtension, State
from ..permissions import can_request_extension_application
from . import documents as docs

EXTENDABLE = (State.ACCEPTED, State.HANDLING, State.SPECIAL, State.REVIEW)


def request_extension_application(app, user, *, days, reason, expected_state=None):
    """The handler asks once, before the promise runs out, for at most the item's
    allowance (the seeds: 10 days, the main leader approves)."""
    if not can_request_extension_application(user, app):
        raise TransitionRefused("只有本件的承办人可以申请延期。")
    version = app.version
    if not version.extension_allowed:
        raise TransitionRefused("该事项不允许延期。")
    if app.state not in EXTENDABLE:
        raise TransitionRefused("只有办理中的办件可以申请延期。")
    if app.promised_due_at and timezone.now() > app.promised_due_at:
        raise TransitionRefused("已超过承诺时限，不能再申请延期，请立即办结。")
    return shared.request_extension(
        ApplicationExtension, app, user, days=days, reason=reason,
        maximum=version.extension_days, once_message="每件办件只能申请一次延期。")


def _extend(ext, user):
    app = Application.objects.select_for_update().get(pk=ext.application_id)
    if app.state not in EXTENDABLE:
        raise TransitionRefused("该办件已不在办理阶段，无需延期。")
    app.extension_days = ext.days
    app.recompute_promise()
    app._history_user, app._change_reason = user, "extend"
    app._history_remark = f"批准延期{ext.days}个工作日：{ext.reason}"
    app.save()


def decide_extension_application(extension, user, *, approve: bool, note="",
                                 expected_state=None):
    """A leader approves (the promise moves; 延期告知书) or refuses."""
    issue = docs.issue(docs.EXTENSION, user)
    return shared.decide_extension(
        extension, user, approve=approve, note=note, expected_state=expected_state,
        extend=_extend, after_commit=[lambda ext: issue(ext.application)])
