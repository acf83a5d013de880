"""The one visibility rule of appointments, and the lists built on it."""

import datetime

from django.db.models import Q
from django.utils import timezone

from servicecenter.roles import CLERK, LEADER, MANAGER, has_role

from ..models.appointment import Appointment, AppointmentState
from .permissions import window_ids


def visible_appointments(user):
    """Leaders and managers: every appointment; a clerk: those of the windows they
    staff and those they booked; anyone else: none."""
    qs = Appointment.objects.all()
    if has_role(user, LEADER, MANAGER):
        return qs
    if not has_role(user, CLERK):
        return qs.none()
    return qs.filter(Q(window_id__in=window_ids(user)) | Q(booked_by=user))


def day_bounds(day: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), tz)
    return start, start + datetime.timedelta(days=1)


def day_list(user, day: datetime.date):
    """The day's appointments this user may see, in time order."""
    lo, hi = day_bounds(day)
    return (visible_appointments(user).filter(starts_at__gte=lo, starts_at__lt=hi)
            .select_related("item", "situation", "window", "party", "booked_by")
            .order_by("starts_at", "id"))


def window_today(user):
    """工作台: today's booked appointments at the windows this user staffs."""
    lo, hi = day_bounds(timezone.localdate())
    return (Appointment.objects.filter(window_id__in=window_ids(user),
                                       state=AppointmentState.BOOKED,
                                       starts_at__gte=lo, starts_at__lt=hi)
            .select_related("item", "party").order_by("starts_at", "id"))


def pending_green(user):
    """绿色通道 bookings awaiting a leader's approval."""
    if not has_role(user, LEADER):
        return Appointment.objects.none()
    return (Appointment.objects.filter(state=AppointmentState.REQUESTED)
            .select_related("item", "party").order_by("starts_at", "id"))


def party_section(party, user):
    """The party page's 预约 rows, only those this user may see."""
    from django.urls import reverse

    rows = [{"number": a.number, "url": reverse("matters:appointment", args=[a.pk]),
             "summary": a.item.name, "state": a.get_state_display(),
             "date": a.starts_at}
            for a in visible_appointments(user).filter(party=party)
            .select_related("item").order_by("-starts_at")[:50]]
    return {"title": "预约", "rows": rows} if rows else None
