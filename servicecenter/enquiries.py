"""来电/来访登记 (首问责任制 八: the person who answers registers the call and passes
it on): who may see the log, the number lookup of a case, and the one service."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from . import registry
from .handover_models import Enquiry
from .people import display_name
from .roles import CLERK, LEADER, MANAGER, has_role, is_staff_member

KIND = "enquiry"  # Notification.Kind.ENQUIRY


def can_log_enquiry(user) -> bool:
    return is_staff_member(user)


def visible_enquiries(user):
    """The one visibility rule for the log: the window, managers and leaders see every
    entry; other staff those they took or that were passed to them."""
    qs = Enquiry.objects.all()
    if has_role(user, CLERK, MANAGER, LEADER):
        return qs
    if not is_staff_member(user):
        return qs.none()
    return qs.filter(Q(received_by=user) | Q(to_user=user) | Q(to_window__staff=user)
                     | Q(to_department__members=user)
                     | Q(to_department__head=user)).distinct()


def find_case(number: str, user):
    """The intake record numbered ``number`` that this user may view, or None."""
    for model in registry.handover_models:
        if not any(f.name == "number" for f in model._meta.fields):
            continue
        visible = registry.visible(model, user)
        if visible is None:
            continue
        record = visible.filter(number=number).first()
        if record is not None:
            return record
    return None


def search(user, phone: str = ""):
    qs = visible_enquiries(user).select_related(
        "received_by", "to_user", "to_window", "to_department")
    phone = "".join(ch for ch in phone if ch.isdigit())[:20]
    return qs.filter(phone__contains=phone) if phone else qs


def log_enquiry(user, *, target=None, case=None, **fields) -> Enquiry:
    """Register the enquiry; whoever it was passed to is told after commit."""
    from .handover import target_people

    enquiry = Enquiry(received_by=user, **fields)
    if target is not None:
        _set_target(enquiry, target)
    if case is not None:
        enquiry.case_type = ContentType.objects.get_for_model(case)
        enquiry.case_id, enquiry.case_number = case.pk, case.number
    with transaction.atomic():
        enquiry.save()
        if target is not None:
            people = [p for p in target_people(target) if p.pk != user.pk]
            transaction.on_commit(lambda: _tell(enquiry, people))
    return enquiry


def _set_target(enquiry, target) -> None:
    from .models import Department, Window

    if isinstance(target, Window):
        enquiry.to_window = target
    elif isinstance(target, Department):
        enquiry.to_department = target
    else:
        enquiry.to_user = target


def _tell(enquiry, people) -> None:
    from .notify import notify

    notify(people, KIND, f"{enquiry.get_channel_display()}转告：{enquiry.caller}"
           f"{' ' + enquiry.phone if enquiry.phone else ''}",
           f"{display_name(enquiry.received_by)}转告：{enquiry.matter}",
           reverse("enquiry_detail", args=[enquiry.pk]), record=enquiry)


def case_url(enquiry) -> str:
    """The linked record's page, when the enquiry became a case."""
    from .handover import record_url

    return record_url(enquiry.case) if enquiry.case_id and enquiry.case else ""
