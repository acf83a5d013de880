"""The three forms of the service flows, rendered by the shared WeasyPrint renderer:
技术服务任务单 (with the service record and the customer's signature), 备件服务记录
and 系统维护记录表 (signed by both sides). Signatures are embedded as data URIs."""

import base64

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse

from servicecenter.pdf import render_pdf
from tickets.models import MaintenanceRecord, Signature

from .views import _ticket_or_404


def signature_uri(signature) -> str:
    with signature.image.open("rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode()


def signatures_of(record) -> list[dict]:
    rows = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    return [{"role": s.get_role_display(), "role_code": s.role, "name": s.signer_name,
             "at": s.signed_at, "uri": signature_uri(s)} for s in rows]


def _response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def task_form_pdf(ticket) -> bytes:
    signatures = signatures_of(ticket)
    return render_pdf("pdf/ticket_task.html", {
        "title": "技术服务任务单", "number": ticket.number, "ticket": ticket,
        "contacts": ticket.contacts.select_related("author"),
        "parts": ticket.parts.all(),
        "signature": signatures[-1] if signatures else None,
    }, record=ticket)


def ticket_pdf(request, pk):
    ticket = _ticket_or_404(request.user, pk)
    return _response(task_form_pdf(ticket), f"{ticket.number}.pdf")


def parts_pdf(request, pk):
    ticket = _ticket_or_404(request.user, pk)
    parts = list(ticket.parts.select_related("requested_by", "received_by"))
    if not parts:
        raise Http404
    pdf = render_pdf("pdf/ticket_parts.html", {
        "title": "备件服务记录", "number": ticket.number, "ticket": ticket,
        "parts": parts}, record=ticket)
    return _response(pdf, f"{ticket.number}-parts.pdf")


def maintenance_pdf(request, pk):
    ticket = _ticket_or_404(request.user, pk)
    try:
        record = ticket.maintenance_record
    except MaintenanceRecord.DoesNotExist:
        raise Http404 from None
    pdf = render_pdf("pdf/ticket_maintenance.html", {
        "title": "系统维护记录表", "number": ticket.number, "ticket": ticket,
        "record": record, "plan": ticket.maintenance_plan,
        "signatures": signatures_of(record)}, record=ticket)
    return _response(pdf, f"{ticket.number}-maintenance.pdf")
