"""Registry hooks for repairs: 工作台 counts, the party page, demo data."""

from django.urls import reverse

from servicecenter import registry
from servicecenter.files import StoredFile
from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role

from . import pdf, queries  # noqa: F401  (pdf registers the document issuers)


def _count(label, qs, url, warn=False):
    """工作台 counts the querysets of every app's rows in one query."""
    return {"label": label, "count": qs, "url": url, "warn": warn}


@registry.register_queue_counts
def repair_queue_counts(user) -> list[dict]:
    base = reverse("repairs:list")
    rows = []
    if has_role(user, CLERK, MANAGER):
        rows += [
            _count("维修：待派工", queries.to_assign(), f"{base}?state=received"),
            _count("维修：待外送", queries.to_dispatch(),
                   f"{base}?state=awaiting_dispatch"),
            _count("维修：待取件", queries.ready_for_pickup(), f"{base}?state=ready"),
            _count("维修：送修待跟进", queries.followup_due(),
                   f"{base}?followup_due=on",
                   warn=True),
            _count("维修：已超期", queries.overdue(), f"{base}?overdue=on", warn=True),
        ]
    if has_role(user, ENGINEER):
        rows.append(_count("我的维修", queries.mine(user), reverse("repairs:bench")))
    return rows


@registry.register_party_section
def repair_party_section(party, user):
    from .permissions import can_view_repair

    if not can_view_repair(user):
        return None
    orders = party.repair_orders.order_by("-id")[:50]
    return {"title": "维修服务单", "rows": [
        {"number": o.number, "url": o.get_absolute_url(), "summary":
         f"{o.device_label}：{o.fault_description[:30]}",
         "state": o.get_state_display(),
         "date": o.received_at} for o in orders]}


@registry.register_demo_seeder
def seed_repairs(stdout):
    from .demo import seed

    created = seed()
    stdout.write(f"维修演示数据：新建 {created} 张维修单。")


def _deadline_specs():
    from .models import ExternalDispatch, RepairOrder

    registry.register_clock(RepairOrder, "维修单", "repairs:detail")
    registry.register_clock(ExternalDispatch, "对外送修", "repairs:detail")


_deadline_specs()
from .workitems import repair_work_items  # noqa: E402

registry.register_work_items(repair_work_items)



def _visibility():
    from .models import ExternalDispatch, RepairOrder

    registry.register_visibility(RepairOrder, queries.visible_repairorders)
    registry.register_visibility(ExternalDispatch, queries.visible_dispatches)


_visibility()


def _followup_source():
    from .models import RepairOrder
    from .services import schedule_repair_followup

    registry.register_followup_source(RepairOrder, schedule_repair_followup)


_followup_source()


def _manager_permissions():
    from .apps import MANAGER_PERMISSIONS

    registry.register_manager_permissions("repairs", MANAGER_PERMISSIONS)


_manager_permissions()

# stored files (intake photos, receipts, the pickup signature, issued forms) follow
# the repair order's one visibility rule


def _receipt_file(pk):
    from .models import ExternalDispatch

    d = ExternalDispatch.objects.select_related("order").filter(pk=pk).first()
    if d is None:
        return None
    name = d.receipt_photo_name or f"{d.order.number}-{d.seq}-取机凭据.jpg"
    return StoredFile(d.receipt_photo, d.order, name, d.receipt_photo_type or
                      _legacy_type(d.receipt_photo))


def _signature_file(pk):
    from .models import RepairOrder

    order = RepairOrder.objects.filter(pk=pk).first()
    if order is None:
        return None
    return StoredFile(order.signature, order, f"{order.number}-客户签名.png",
                      "image/png")


def _legacy_type(field_file) -> str:
    """Receipts stored before their type was kept: the type their content shows."""
    from servicecenter.validators import sniff_type

    try:
        with field_file.open("rb") as fh:
            return sniff_type(fh.read(16)) or "application/octet-stream"
    except OSError:
        return "application/octet-stream"


registry.register_file_source("receipt", _receipt_file)
registry.register_file_source("repair-signature", _signature_file)


def _deadline_recompute():
    from .recompute import recompute_repairs

    registry.register_deadline_recompute(recompute_repairs)


_deadline_recompute()


def _handover():
    from .models import RepairOrder

    registry.register_handover(RepairOrder, holder="received_by", label="维修",
                               url_name="repairs:detail")


_handover()
