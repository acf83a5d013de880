"""转交 on 工作台 and on the timeline; the registry hooks of servicecenter's own
records (handovers, the enquiry log). Imported by ServiceCenterConfig.ready()."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from . import enquiries, registry
from .handover import (
    _addressed_to,
    page_rows,
    receivers,
    record_url,
    spec_of,
)
from .handover_models import Enquiry, Handover
from .people import display_name
from .roles import is_staff_member
from .timeline import Entry
from .workqueue import PER_PROVIDER_LIMIT, WorkItem

State = Handover.State


def to_accept(user):
    """Pending handovers addressed to this user (before the may-view check)."""
    if not is_staff_member(user):
        return Handover.objects.none()
    return (Handover.objects.filter(_addressed_to(user), state=State.PENDING)
            .exclude(from_user=user).distinct())


def sent_pending(user):
    return Handover.objects.filter(from_user=user, state=State.PENDING)


def _with_records(qs, user) -> list:
    """(handover, record) for the rows whose record this user may view."""
    rows = list(qs.select_related("from_user", "to_user", "to_window",
                                  "to_department")[:PER_PROVIDER_LIMIT])
    by_ct: dict = {}
    for h in rows:
        by_ct.setdefault(h.content_type_id, set()).add(h.object_id)
    records = {}
    for ct_id, ids in by_ct.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        visible = registry.visible(model, user) if model else None
        if visible is not None:
            records.update({(ct_id, r.pk): r for r in visible.filter(pk__in=ids)})
    return [(h, records[(h.content_type_id, h.object_id)]) for h in rows
            if (h.content_type_id, h.object_id) in records]


def _item(h, record, reason) -> WorkItem:
    clock = registry.clocks.get(type(record))
    return WorkItem(category=spec_of(record).label,
                    number=getattr(record, "number", str(record.pk)),
                    summary=f"转交说明：{h.note}", state=h.get_state_display(),
                    reason=reason, url=record_url(record),
                    due=clock.due(record) if clock else None)


@registry.register_work_items
def handover_work_items(user) -> list[WorkItem]:
    items = [_item(h, r, f"待我接收（{display_name(h.from_user)}转交）")
             for h, r in _with_records(to_accept(user), user)]
    items += [_item(h, r, f"待对方接收（已转交{h.target_label}）")
              for h, r in _with_records(sent_pending(user), user)]
    return items


@registry.register_queue_counts
def handover_queue_counts(user) -> list[dict]:
    if not is_staff_member(user):
        return []
    home = reverse("home")
    waiting = sum(1 for h, _ in _with_records(to_accept(user), user)
                  if user.pk in {u.pk for u in receivers(h)})
    return [{"label": "转交：待我接收", "count": waiting, "url": home,
             "warn": bool(waiting)},
            {"label": "转交：待对方接收", "count": sent_pending(user),
             "url": home, "warn": False}]


def timeline_entries(record) -> list[Entry]:
    """The handover steps the record's own history does not hold (接收 is a history
    row of the record: its holder changed)."""
    if spec_of(record) is None:
        return []
    entries = []
    for h in page_rows(record):
        entries.append(Entry(h.created_at, display_name(h.from_user), "转交",
                             f"转交给{h.target_label}：{h.note}", "log",
                             "待对方接收" if h.is_pending else ""))
        if h.state == State.REFUSED:
            entries.append(Entry(h.decided_at, display_name(h.decided_by),
                                 "退回转交", h.refuse_reason, "log"))
        elif h.state == State.WITHDRAWN:
            entries.append(Entry(h.decided_at, display_name(h.decided_by),
                                 "撤回转交", "", "log"))
    return entries


registry.register_visibility(Enquiry, enquiries.visible_enquiries)
registry.register_manager_permissions("servicecenter",
                                      ["view_handover", "view_enquiry"])
