"""Who may do what with complaints and follow-up calls: pure (user, obj) checks."""

from django.db.models import Q

from servicecenter import handover
from servicecenter.roles import CLERK, LEADER, MANAGER, has_role, is_staff_member
from servicecenter.standin import acting_ids, acts_for


def can_register_complaint(user, complaint=None) -> bool:
    return has_role(user, CLERK)


def can_accept_complaint(user, complaint=None) -> bool:
    return has_role(user, MANAGER)


def can_reject_complaint(user, complaint=None) -> bool:
    return has_role(user, MANAGER)


def can_handle_complaint(user, complaint) -> bool:
    """Only the responsible person named when the complaint was accepted (or their
    stand-in while they are away)."""
    return (is_staff_member(user) and complaint is not None
            and acts_for(user, complaint.responsible_id))


def can_report_complaint(user, complaint=None) -> bool:
    return has_role(user, CLERK, MANAGER)


def can_reopen_complaint(user, complaint=None) -> bool:
    return has_role(user, MANAGER)


def can_archive_complaint(user, complaint=None) -> bool:
    return has_role(user, CLERK)


def can_view_complaint(user, complaint=None) -> bool:
    if has_role(user, CLERK, MANAGER, LEADER):
        return True
    return complaint is not None and (can_handle_complaint(user, complaint)
                                      or handover.is_involved(user, complaint))


def can_list_complaints(user) -> bool:
    return is_staff_member(user)


def can_complete_revisit(user, revisit=None) -> bool:
    """Follow-up calls are made by the clerks (技术服务部文员)."""
    return has_role(user, CLERK)


def can_cancel_revisit(user, revisit=None) -> bool:
    return has_role(user, CLERK, MANAGER)


def can_view_revisit(user, revisit=None) -> bool:
    return has_role(user, CLERK, MANAGER, LEADER)


def can_plan_revisits(user) -> bool:
    """Bulk follow-up calls for a chosen set of customers."""
    return has_role(user, MANAGER)


def can_view_report(user) -> bool:
    return has_role(user, CLERK, MANAGER, LEADER)


def visible_complaints(user):
    """The one visibility rule for complaints (``can_view_complaint``): the window,
    managers and leaders see all, the responsible person his own."""
    from ..models import Complaint

    if has_role(user, CLERK, MANAGER, LEADER):
        return Complaint.objects.all()
    if is_staff_member(user):  # and a handover (转交) this person took part in
        return Complaint.objects.filter(Q(responsible__in=acting_ids(user))
                                        | handover.involved_q(Complaint, user))
    return Complaint.objects.none()


def visible_revisits(user):
    """The one visibility rule for follow-up calls (``can_view_revisit``)."""
    from ..models import Revisit

    if can_view_revisit(user):
        return Revisit.objects.all()
    return Revisit.objects.none()
