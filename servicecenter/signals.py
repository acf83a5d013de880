"""Infrastructure receivers only: the remark column on history rows, the calendar
cache, and the sweep's bookmarks. Business side effects never live in signal
receivers."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from . import workdays
from .models import (
    CalendarDay,
    CalendarYear,
    Department,
    OfficeHours,
    SweepMark,
    TimeLimit,
)


@receiver(pre_create_historical_record)
def add_history_remark(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "history_remark"):
        history_instance.history_remark = getattr(instance, "_history_remark", "") or ""


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def calendar_changed(sender, **kwargs):
    workdays.clear_cache()
    # and again once committed, so nothing read inside the transaction lingers
    transaction.on_commit(workdays.clear_cache)


@receiver([post_save, post_delete], sender=OfficeHours)
def office_hours_changed(sender, **kwargs):
    workdays.clear_office_hours_cache()
    transaction.on_commit(workdays.clear_office_hours_cache)


@receiver([post_save, post_delete], sender=Department)
@receiver([post_save, post_delete], sender=TimeLimit)
@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def sweep_from_scratch(sender, **kwargs):
    """A department's new head, an edited limit or calendar day shows in no record's
    history: the next sweep looks at every open record (``servicecenter.sweep``)."""
    SweepMark.objects.all().delete()
