"""HTML template → A4 PDF through WeasyPrint, with an embedded CJK font.

Templates live in ``templates/pdf/`` and extend ``pdf/base.html`` (the centre's
header, the record number with a QR code, the print date).
"""

import base64
import io
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data URI, for the record number on each form."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8,
                        border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    context = {
        "centre_name": settings.CENTRE_NAME,
        "printed_at": timezone.localtime(),
        **context,
    }
    if context.get("number") and "qr" not in context:
        context["qr"] = qr_data_uri(context["number"])
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def issue_document(record, doc_type: str, title: str, template_name: str, context: dict,
                   user):
    """Render and store a document as it is issued to a citizen; return the row."""
    from .models import IssuedDocument

    pdf = render_pdf(template_name, context)
    doc = IssuedDocument(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        doc_type=doc_type,
        title=title,
        issued_by=user,
    )
    number = getattr(record, "number", record.pk)
    doc.file.save(f"{number}-{doc_type}.pdf", ContentFile(pdf), save=False)
    doc.save()
    return doc


def latest_issued(record, doc_type: str):
    from .models import IssuedDocument

    return (
        IssuedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            doc_type=doc_type,
        )
        .order_by("-issued_at", "-id")
        .first()
    )
