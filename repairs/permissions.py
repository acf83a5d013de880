"""Who may do what with a repair order: pure functions of (user, order)."""

from django.conf import settings

from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role, is_staff_member
from servicecenter.standin import acts_for


def _is_assigned_engineer(user, order) -> bool:
    """The engineer holding the order, or their stand-in while they are away."""
    return (has_role(user, ENGINEER) and order is not None
            and acts_for(user, order.engineer_id))


def can_view_repair(user, order=None) -> bool:
    return is_staff_member(user)


def can_receive_repair(user, order=None) -> bool:
    return has_role(user, CLERK)


def can_assign_repair(user, order=None) -> bool:
    return has_role(user, CLERK, MANAGER)


def can_reassign_repair(user, order=None) -> bool:
    return has_role(user, CLERK, MANAGER)


def can_start_diagnosis_repair(user, order) -> bool:
    return _is_assigned_engineer(user, order)


def can_diagnose_repair(user, order) -> bool:
    return _is_assigned_engineer(user, order)


def can_start_repair_repair(user, order) -> bool:
    return _is_assigned_engineer(user, order)


def can_request_dispatch_repair(user, order) -> bool:
    return _is_assigned_engineer(user, order)


def can_send_out_repair(user, order) -> bool:
    return has_role(user, CLERK) or _is_assigned_engineer(user, order)


def can_receive_back_repair(user, order) -> bool:
    return has_role(user, CLERK) or _is_assigned_engineer(user, order)


def can_finish_repair_repair(user, order) -> bool:
    return _is_assigned_engineer(user, order)


def separate_inspector_required() -> bool:
    return bool(getattr(settings, "REPAIR_REINSPECTION_SEPARATE_INSPECTOR", False))


def can_pass_reinspection_repair(user, order) -> bool:
    """Any engineer; when the setting asks for it, not the one who did the repair."""
    if not has_role(user, ENGINEER):
        return False
    if separate_inspector_required():
        return order is not None and order.repaired_by_id not in (None, user.pk)
    return True


def can_fail_reinspection_repair(user, order) -> bool:
    return can_pass_reinspection_repair(user, order)


def can_declare_unrepairable_repair(user, order) -> bool:
    return has_role(user, MANAGER) or _is_assigned_engineer(user, order)


def can_deliver_repair(user, order=None) -> bool:
    return has_role(user, CLERK)


def can_cancel_repair(user, order=None) -> bool:
    return has_role(user, CLERK)


def can_add_log_entry_repair(user, order) -> bool:
    """The process record is written by the engineer who holds the order."""
    from .models.order import State

    return _is_assigned_engineer(user, order) and order.state in (
        State.DIAGNOSING, State.DIAGNOSED, State.REPAIRING, State.AWAITING_DISPATCH,
        State.AT_VENDOR, State.RETURNED, State.REINSPECTION,
    )


def can_add_photo_repair(user, order) -> bool:
    return has_role(user, CLERK) or _is_assigned_engineer(user, order)


def can_follow_up_dispatch(user, dispatch) -> bool:
    return has_role(user, CLERK) or _is_assigned_engineer(user, dispatch.order)
