"""Who may do what to an application (办件): pure functions used by the transitions,
the views, the buttons and the admin actions.

The window (clerks) receives, corrects, accepts, refuses, informs and delivers; the
item's department handles (its handlers) and approves (its head, or the person the
item names); a leader approves the one extension.
"""

from servicecenter import handover
from servicecenter.roles import CLERK, HANDLER, LEADER, MANAGER, VILLAGE, has_role
from servicecenter.standin import acts_for


def is_member(user, department) -> bool:
    if department is None or not getattr(user, "is_authenticated", False):
        return False
    return department.members.filter(pk=user.pk).exists()


def is_head(user, department) -> bool:
    return (department is not None and department.head_id is not None
            and department.head_id == getattr(user, "pk", None)
            and bool(getattr(user, "is_active", False)))


def can_view_application(user, application) -> bool:
    """``queries.visible_applications`` for one application (a test holds them
    equal)."""
    if has_role(user, CLERK, MANAGER, LEADER):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if acts_for(user, application.handler_id):  # the handler, or their B (AB角)
        return True
    if has_role(user, VILLAGE):  # 村代办员: their own village's, nothing else
        return is_village_staff(user, application.village_id)
    if _consulted_as_read(application) is True:  # 并联审批, read with the record
        return True
    return ((has_role(user, HANDLER) and is_member(user, application.department))
            or is_head(user, application.department)
            or handover.is_involved(user, application)
            or _consulted(user, application))


def _consulted_as_read(application):
    """Whether the viewer's department is consulted, from the opinions read with the
    record page's query; None when they were not read with it."""
    from .joint_views import annotated

    rows = annotated(application)
    return None if rows is None else any(o.mine for o in rows)


def _consulted(user, application) -> bool:
    """并联审批: a department asked for its opinion sees the application."""
    from .joint import is_consulted

    known = _consulted_as_read(application)
    return known if known is not None else is_consulted(user, application)


def can_receive_application(user, application=None) -> bool:
    return has_role(user, CLERK)


def _window(user, application) -> bool:
    return has_role(user, CLERK)


can_request_correction_application = _window
can_resubmit_application = _window
can_accept_application = _window
can_accept_with_waiver_application = _window
can_refuse_application = _window
can_complete_at_once_application = _window
can_inform_application = _window
can_deliver_application = _window
can_withdraw_application = _window
can_supply_material_application = _window


def can_take_application(user, application) -> bool:
    """A handler of the department takes it; the head may assign it to one."""
    department = application.department
    return ((has_role(user, HANDLER) and is_member(user, department))
            or is_head(user, department))


def _handler(user, application) -> bool:
    """The application's handler, or their stand-in while they are away (AB角)."""
    return has_role(user, HANDLER) and acts_for(user, application.handler_id)


can_pause_application = _handler
can_resume_application = _handler
can_submit_application = _handler
can_request_extension_application = _handler


def is_approver(user, application) -> bool:
    """The department's head, or whoever the item names as its approver."""
    approver_id = application.item.approver_id if application.item_id else None
    if approver_id is not None and approver_id == getattr(user, "pk", None):
        return bool(user.is_active)
    return is_head(user, application.department)


def can_send_back_application(user, application) -> bool:
    return is_approver(user, application)


can_decide_application = can_send_back_application


def can_decide_application_extension(user, extension) -> bool:
    """延期: the leader (the seeds: 乡党委、政府主要领导) approves."""
    return has_role(user, LEADER)


def can_revise_item(user, item=None) -> bool:
    """The catalogue is the centre office's: managers (and superusers in admin)."""
    return has_role(user, MANAGER) or bool(getattr(user, "is_superuser", False))


# --- levels (村 → 镇 → 县) -------------------------------------------------------
def is_village_staff(user, village_id) -> bool:
    """A 村代办员 of that village."""
    if village_id is None or not has_role(user, VILLAGE):
        return False
    return user.villages.filter(pk=village_id, is_active=True).exists()


def can_receive_at_village(user) -> bool:
    return has_role(user, VILLAGE) and user.villages.filter(is_active=True).exists()


def can_send_to_town_application(user, application) -> bool:
    return is_village_staff(user, application.village_id)


def can_receive_from_village_application(user, application=None) -> bool:
    return has_role(user, CLERK)


def can_send_to_county_application(user, application) -> bool:
    """The town's handling: its handler (or their B), or a town clerk."""
    return has_role(user, CLERK) or _handler(user, application)


can_record_county_decision_application = can_send_to_county_application
can_chase_county_application = can_send_to_county_application


def can_record_paper_application(user, application) -> bool:
    """纸质资料: the village sends its paper, the town receives and sends on."""
    return (has_role(user, CLERK) or _handler(user, application)
            or is_village_staff(user, application.village_id))


def can_record_handover_application(user, application) -> bool:
    """代办: centre staff (the window, the handler) carry it for the citizen."""
    return has_role(user, CLERK) or _handler(user, application)
