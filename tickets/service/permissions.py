"""Who may do what to a service ticket, a difficult case or a maintenance plan.

Pure functions ``can_<verb>_<model>(user, obj) -> bool``, used by the transitions'
``permission=``, the views, the buttons and the admin actions.
"""

from servicecenter import handover
from servicecenter.roles import (
    CLERK,
    ENGINEER,
    LEADER,
    MANAGER,
    has_role,
    headed_department_ids,
)
from servicecenter.standin import acts_for

# The system (a finished difficult case, the maintenance sweep) acts as user None.
SYSTEM = None


def _is_assigned_engineer(user, ticket) -> bool:
    return (
        ticket is not None
        and user is not None
        and acts_for(user, ticket.engineer_id)  # or their stand-in (AB角)
        and has_role(user, ENGINEER)
    )


def _is_clerk(user) -> bool:
    return has_role(user, CLERK)


def _is_clerk_or_manager(user) -> bool:
    return has_role(user, CLERK, MANAGER)


# --- service tickets -------------------------------------------------------------

def can_view_ticket(user, ticket=None) -> bool:
    if has_role(user, CLERK, MANAGER, LEADER):
        return True
    if ticket is None:
        return has_role(user, ENGINEER)
    return _is_assigned_engineer(user, ticket) or handover.is_involved(user, ticket)


def can_view_queue_ticket(user, ticket=None) -> bool:
    """The window queue of every ticket: clerks, managers, leaders."""
    return has_role(user, CLERK, MANAGER, LEADER)


def can_create_ticket(user, ticket=None) -> bool:
    return _is_clerk(user)


def can_assign_ticket(user, ticket=None) -> bool:
    return _is_clerk_or_manager(user)


def can_reassign_ticket(user, ticket=None) -> bool:
    return _is_clerk_or_manager(user)


def can_start_ticket(user, ticket) -> bool:
    return _is_assigned_engineer(user, ticket)


def can_convert_to_onsite_ticket(user, ticket) -> bool:
    return _is_assigned_engineer(user, ticket) or _is_clerk(user)


def can_wait_for_parts_ticket(user, ticket) -> bool:
    return _is_assigned_engineer(user, ticket)


def can_parts_arrived_ticket(user, ticket) -> bool:
    return _is_assigned_engineer(user, ticket) or _is_clerk(user)


def can_escalate_ticket(user, ticket) -> bool:
    return _is_assigned_engineer(user, ticket) or _is_clerk(user)


def can_resume_ticket(user, ticket) -> bool:
    """Only the system, when the difficult case is resolved or declined."""
    return user is SYSTEM


def can_resolve_ticket(user, ticket) -> bool:
    return _is_assigned_engineer(user, ticket)


def can_reopen_ticket(user, ticket=None) -> bool:
    return _is_clerk(user)


def can_close_ticket(user, ticket=None) -> bool:
    return _is_clerk(user)


def can_cancel_ticket(user, ticket=None) -> bool:
    return _is_clerk_or_manager(user)


def can_log_contact_ticket(user, ticket) -> bool:
    """The communication log: the engineer doing the work and the clerks."""
    return (_is_assigned_engineer(user, ticket) or _is_clerk(user)) and ticket.is_open


def can_add_photo_ticket(user, ticket) -> bool:
    return can_log_contact_ticket(user, ticket)


def can_record_maintenance_ticket(user, ticket) -> bool:
    return (
        ticket.maintenance_plan_id is not None
        and _is_assigned_engineer(user, ticket)
        and ticket.state == type(ticket).State.IN_PROGRESS
    )


# --- maintenance plans -----------------------------------------------------------

def can_manage_maintenanceplan(user, plan=None) -> bool:
    return _is_clerk_or_manager(user)


# --- difficult cases -------------------------------------------------------------

def _is_head_or_manager(user) -> bool:
    if has_role(user, MANAGER):
        return True
    return bool(user and headed_department_ids(user))


def sees_every_difficultcase(user) -> bool:
    return has_role(user, CLERK, MANAGER, LEADER) or _is_head_or_manager(user)


def can_view_difficultcase(user, case=None) -> bool:
    if sees_every_difficultcase(user):
        return True
    if case is None:
        return has_role(user, ENGINEER)
    return any(acts_for(user, person) for person in (
        case.handler_id, case.escalated_to_id, case.proposed_by_id))


def can_propose_difficultcase(user, case=None) -> bool:
    return has_role(user, CLERK, ENGINEER, MANAGER)


def can_open_difficultcase(user, case=None) -> bool:
    """The department head (or a manager) confirms the case meets the criteria."""
    return _is_head_or_manager(user)


def can_decline_difficultcase(user, case=None) -> bool:
    return _is_head_or_manager(user)


def can_assign_difficultcase(user, case=None) -> bool:
    return _is_head_or_manager(user)


def can_escalate_difficultcase(user, case) -> bool:
    return acts_for(user, case.handler_id)


def can_decide_difficultcase(user, case) -> bool:
    """Only the person the case was escalated to: the decision is theirs."""
    return acts_for(user, case.escalated_to_id)


def can_resolve_difficultcase(user, case) -> bool:
    return acts_for(user, case.handler_id) or has_role(user, MANAGER)


def can_archive_difficultcase(user, case=None) -> bool:
    return _is_clerk(user)
