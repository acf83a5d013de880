"""Celery tasks: each is idempotent, so a retry or a double delivery does no harm."""

from celery import shared_task


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def deliver_notifications(ids):
    from .notify import deliver

    deliver(ids)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def run_sweep():
    from django.core.cache import cache

    from . import sweep

    report = sweep.run()
    cache.set("sweep:last", report, None)
    return report


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def issue_pdf(model_label, pk, doc_type, user_id, since):
    """Render and store a document issued to a citizen (idempotent, see
    pdf.ensure_issued)."""
    from .pdf import ensure_issued

    doc = ensure_issued(model_label, pk, doc_type, user_id, since)
    return doc.pk if doc is not None else None
