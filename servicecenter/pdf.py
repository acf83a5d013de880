"""HTML template → A4 PDF through WeasyPrint, with an embedded CJK font.

Templates live in ``templates/pdf/`` and extend ``pdf/base.html`` (the centre's
header, the record number with a QR code, the print date).
"""

import base64
import gc
import hashlib
import io
import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)


def qr_data_uri(text: str) -> str:
    """The record number's QR code as a 1-bit PNG data URI (about 400 bytes, 29 px a
    module side at box_size 1, printed 22 mm wide without smoothing). An SVG path of
    the same code cost WeasyPrint ~50 ms a page to parse and draw."""
    import qrcode

    qr = qrcode.QRCode(box_size=1, border=1)
    qr.add_data(text)
    image = qr.make_image().get_image()  # PIL, mode "1"
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_pdf(template_name: str, context: dict, record=None) -> bytes:
    """``record``: the form's record, whose steps a stand-in took (AB角: 由 B 代 A
    办理) every form prints under its content."""
    from weasyprint import HTML

    from .standin import on_behalf_steps

    context = {
        "centre_name": settings.CENTRE_NAME,
        "printed_at": timezone.localtime(),
        "on_behalf": on_behalf_steps(record) if record is not None else [],
        **context,
    }
    if context.get("number") and "qr" not in context:
        context["qr"] = qr_data_uri(context["number"])
    html = render_to_string(template_name, context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    # A render leaves thousands of reference cycles. Collected young (a few ms) they
    # never reach the old generation; left alone, every 14th render or so paid a full
    # collection of 60-190 ms (3 full collections in 40 renders, now 1; p95 -30 %).
    gc.collect(1)
    return pdf


def issue_document(record, doc_type: str, title: str, template_name: str, context: dict,
                   user):
    """Render and store a document as it is issued to a citizen; return the row."""
    from .models import IssuedDocument

    pdf = render_pdf(template_name, context, record=record)
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


# (model label, doc type) → function(record, user) that renders and stores the document
_ISSUERS: dict[tuple[str, str], Callable] = {}


def issuer(model_label: str, *doc_types: str):
    """Register the function that issues ``doc_types`` for records of a model, so
    that a document can be issued later, by a worker, from the record's key alone."""
    def register(fn):
        for doc_type in doc_types:
            _ISSUERS[(model_label, doc_type)] = fn
        return fn
    return register


def has_issuer(model_label: str, doc_type: str) -> bool:
    return (model_label, doc_type) in _ISSUERS


def issue_after_commit(doc_type: str, user) -> Callable:
    """An ``after_commit`` callback for run_transition/create_record: issue the
    document for the saved record (a Celery task when a broker is configured)."""
    return lambda record: schedule_issue(record, doc_type, user)


def schedule_issue(record, doc_type: str, user) -> None:
    """Issue a document once the transition calling for it has committed.

    With CELERY_BROKER_URL the rendering runs in a worker, retried on failure;
    without, it runs here. Either way it is idempotent: a document of this type
    issued since the record's last change counts as this one. If it fails for
    good, the document page issues it on first download.
    """
    args = (record._meta.label_lower, record.pk, doc_type,
            getattr(user, "pk", None), _last_change(record).isoformat())
    if getattr(settings, "CELERY_BROKER_URL", ""):
        from .tasks import issue_pdf

        try:
            issue_pdf.delay(*args)
            return
        except Exception as exc:  # broker unreachable: the change is committed
            # one line, not a traceback per document while the broker is down
            logger.warning("broker unreachable (%s), issuing %s for %s %s in process",
                           exc, doc_type, args[0], record.pk)
    try:
        ensure_issued(*args)
    except Exception:  # the change is committed; the download page issues it later
        logger.exception("issuing %s for %s %s failed", doc_type, args[0], record.pk)


def _last_change(record):
    history = getattr(record, "history", None)
    when = None
    if history is not None:
        when = history.order_by("-history_date").values_list("history_date",
                                                              flat=True).first()
    return when or timezone.now()


def _issue_lock(model, pk, doc_type: str):
    """The record, with this record's issuing of ``doc_type`` locked until commit.

    On PostgreSQL an advisory lock, not the record's row: a render holds it for
    0.1-0.5 s, and a transition on the record (the clerk's 派单 right after the
    intake whose receipt a worker is rendering) must not wait for the PDF. The load
    test measured that wait at 118 ms a call, the top statement by total time."""
    if connection.vendor == "postgresql":
        name = f"issue:{model._meta.label_lower}:{pk}:{doc_type}".encode()
        key = int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "big",
                             signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        return model._default_manager.filter(pk=pk).first()
    return model._default_manager.select_for_update().filter(pk=pk).first()


def ensure_issued(model_label: str, pk, doc_type: str, user_id, since: str):
    """Issue ``doc_type`` for the record unless one was issued at or after ``since``
    (the change that called for it). Concurrent or repeated runs for one record and
    document wait on one lock (``_issue_lock``), so a redelivered task finds the
    document and stops."""
    from .models import IssuedDocument

    model = apps.get_model(model_label)
    issue = _ISSUERS[(model_label, doc_type)]
    with transaction.atomic():
        record = _issue_lock(model, pk, doc_type)
        if record is None:  # deleted since: nothing to issue
            return None
        existing = (
            IssuedDocument.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=pk,
                doc_type=doc_type, issued_at__gte=parse_datetime(since))
            .order_by("-issued_at", "-id").first()
        )
        if existing is not None:
            return existing
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        return issue(record, user)


def current_issued(record, doc_type: str, user):
    """The document as issued since the record last changed, issued now if there is
    none: a form that follows its record's progress is still stored as issued, and a
    reprint of an unchanged record shows the very same file."""
    return ensure_issued(record._meta.label_lower, record.pk, doc_type,
                         getattr(user, "pk", None), _last_change(record).isoformat())


def issued_documents(record):
    """The documents issued for ``record`` (any type)."""
    from .models import IssuedDocument

    return IssuedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


def issued_types(record) -> set[str]:
    """The document types issued for ``record`` so far, in one query."""
    return set(issued_documents(record).values_list("doc_type", flat=True).distinct())


def latest_issued(record, doc_type: str):
    return (issued_documents(record).filter(doc_type=doc_type)
            .order_by("-issued_at", "-id").first())
