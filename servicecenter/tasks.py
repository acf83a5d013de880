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
