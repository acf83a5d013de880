"""Who may do what to a petition: pure functions used by the transitions, the views,
the buttons and the admin actions.

揭发控告 (accusations) are confidential: only leaders and the handler the leader named
see them, so the window steps on them (reply, close, review) fall to a leader.
"""

from servicecenter import handover
from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, has_role
from servicecenter.standin import acts_for


def is_member(user, department) -> bool:
    if department is None or not getattr(user, "is_authenticated", False):
        return False
    return department.members.filter(pk=user.pk).exists()


def holds(user, petition) -> bool:
    """The petition's handler, or their stand-in while they are away (AB角). A
    揭发控告 is its handler's alone: a leader reassigns it instead."""
    if petition.handler_id is None or user is None:
        return False
    if petition.is_confidential:
        return petition.handler_id == user.pk
    return acts_for(user, petition.handler_id)


def can_view_petition(user, petition) -> bool:
    """``queries.visible_petitions`` for one petition (a test holds them equal)."""
    if has_role(user, LEADER):
        return True
    if not has_role(user, CLERK, MANAGER, HANDLER):
        return False
    if petition.is_confidential:
        return petition.handler_id is not None and petition.handler_id == user.pk
    if has_role(user, CLERK, MANAGER):
        return True
    return has_role(user, HANDLER) and (is_member(user, petition.department)
                                        or holds(user, petition)
                                        or handover.is_involved(user, petition))


def _office(user, petition) -> bool:
    """The window's steps: a clerk, or a leader for a confidential petition."""
    if petition.is_confidential:
        return has_role(user, LEADER)
    return has_role(user, CLERK)


def can_register_petition(user, petition=None) -> bool:
    return has_role(user, CLERK)


def can_accept_petition(user, petition) -> bool:
    return has_role(user, LEADER)


can_decline_petition = can_accept_petition
can_transfer_petition = can_accept_petition
can_decide_extension = can_accept_petition


def can_mark_duplicate_petition(user, petition) -> bool:
    return _office(user, petition) or has_role(user, LEADER)


def can_reassign_petition(user, petition) -> bool:
    """A leader, or the head of the petition's department (not for 揭发控告)."""
    if has_role(user, LEADER):
        return True
    department = petition.department if petition is not None else None
    return (department is not None and not petition.is_confidential
            and user is not None and department.head_id == user.pk)


def _department_handler(user, petition) -> bool:
    if not has_role(user, HANDLER):
        return False
    if petition.handler_id is not None:
        return holds(user, petition)
    return not petition.is_confidential and is_member(user, petition.department)


def can_sign_petition(user, petition) -> bool:
    return _department_handler(user, petition)


can_return_to_office_petition = can_sign_petition


def can_report_result_petition(user, petition) -> bool:
    return has_role(user, HANDLER) and holds(user, petition)


can_request_extension = can_report_result_petition


def can_send_back_petition(user, petition) -> bool:
    return _office(user, petition) or has_role(user, LEADER)


def can_reply_petition(user, petition) -> bool:
    return _office(user, petition)


def can_close_petition(user, petition) -> bool:
    """A clerk closes; once the review window is over, the sweep (user None) or a
    manager running the same close from the admin (recorded as theirs)."""
    if user is None or (has_role(user, MANAGER) and not petition.is_confidential
                        and not _office(user, petition)):
        return petition.review_window_over()
    return _office(user, petition)


can_request_review_petition = can_reply_petition
can_record_review_petition = can_reply_petition
can_request_re_review_petition = can_reply_petition
can_record_re_review_petition = can_reply_petition
