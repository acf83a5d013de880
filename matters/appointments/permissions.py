"""Who may do what to an appointment (预约): pure functions used by the transitions,
the views, the buttons and the admin.

Clerks book (any window's item: the 综合受理 clerk takes the centre's calls); the
window's staff see their window's day and mark arrived / missed; the clerk who booked
sees and may cancel their bookings; leaders approve 绿色通道 bookings outside office
hours; leaders and managers (the centre) see every appointment.
"""

from servicecenter.roles import CLERK, LEADER, MANAGER, has_role


def window_ids(user) -> frozenset[int]:
    """The windows this user staffs, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_appointment_window_ids", None)
    if cached is None:
        cached = frozenset(user.windows.filter(is_active=True)
                           .values_list("pk", flat=True))
        user._appointment_window_ids = cached
    return cached


def is_window_staff(user, appointment) -> bool:
    return has_role(user, CLERK) and appointment.window_id in window_ids(user)


def _booked_it(user, appointment) -> bool:
    return (has_role(user, CLERK)
            and appointment.booked_by_id == getattr(user, "pk", None))


def can_view_appointment(user, appointment) -> bool:
    """``queries.visible_appointments`` for one appointment (a test holds them
    equal)."""
    if has_role(user, LEADER, MANAGER):
        return True
    return is_window_staff(user, appointment) or _booked_it(user, appointment)


def can_book_appointment(user, appointment=None) -> bool:
    return has_role(user, CLERK)


def can_arrive_appointment(user, appointment) -> bool:
    return is_window_staff(user, appointment)


can_miss_appointment = can_arrive_appointment


def can_cancel_appointment(user, appointment) -> bool:
    return is_window_staff(user, appointment) or _booked_it(user, appointment)


def can_approve_appointment(user, appointment) -> bool:
    """绿色通道 outside office hours: a leader approves the overtime service."""
    return has_role(user, LEADER)


can_decline_appointment = can_approve_appointment


def can_lapse_appointment(user, appointment) -> bool:
    """Only the sweep (no user) records a slot that ended without the citizen."""
    return user is None


def can_see_full_phone(user) -> bool:
    """The window calls the citizen back; everyone else reads 138****8001."""
    return has_role(user, CLERK)


def phone_for(user, phone: str) -> str:
    if can_see_full_phone(user) or len(phone or "") < 7:
        return phone or ""
    return f"{phone[:3]}****{phone[-4:]}"
