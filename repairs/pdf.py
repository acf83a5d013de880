"""The repair documents: one small function per form (templates in templates/pdf/)."""

import base64

from servicecenter.models import Attachment
from servicecenter.pdf import issue_document, issuer, latest_issued, render_pdf

RECEIPT = "repair_receipt"
PICKUP = "repair_pickup"


def _common(order) -> dict:
    return {"order": order, "number": order.number, "party": order.party}


@issuer("repairs.repairorder", RECEIPT)
def issue_receipt(order, user):
    """维修服务单 with the customer's intake receipt, stored as issued."""
    return issue_document(order, RECEIPT, "维修服务单（接收回执）",
                          "pdf/repair_order.html",
                          {**_common(order), "title": "维修服务单"}, user)


def receipt_document(order, user):
    return latest_issued(order, RECEIPT) or issue_receipt(order, user)


def signature_data_uri(order) -> str:
    if not order.signature:
        return ""
    with order.signature.open("rb") as fh:
        return "data:image/png;base64," + base64.b64encode(fh.read()).decode()


@issuer("repairs.repairorder", PICKUP)
def issue_pickup_confirmation(order, user):
    """取件确认单 with the customer's signature, stored as issued."""
    return issue_document(order, PICKUP, "维修取件确认单", "pdf/repair_pickup.html",
                          {**_common(order), "title": "维修取件确认单",
                           "signature": signature_data_uri(order)}, user)


def pickup_document(order, user):
    return latest_issued(order, PICKUP) or issue_pickup_confirmation(order, user)


def process_record_pdf(order) -> bytes:
    """产品维修过程记录: rendered fresh, it is an internal record that grows."""
    entries = order.log_entries.select_related("engineer")
    return render_pdf("pdf/repair_process.html", {
        **_common(order), "title": "产品维修过程记录", "entries": entries,
        "dispatches": order.dispatches.select_related("vendor"),
    }, record=order)


def handover_slip_pdf(dispatch) -> bytes:
    """对外送修交接单 for the vendor."""
    order = dispatch.order
    return render_pdf("pdf/repair_handover.html", {
        **_common(order), "title": "对外送修交接单", "dispatch": dispatch,
        "number": f"{order.number}-{dispatch.seq}",
    }, record=order)


def intake_photos(order):
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(order), object_id=order.pk,
    ).order_by("uploaded_at")
