"""The sweep's rule for 容缺: a waived material not supplied by the promised date.

The clock's own specs (servicecenter.sweep) chase the 一次性告知书 (received, past
``notice_due_at``) and the promise; this sweeper reminds the first receiver to chase the
applicant's written promise, once per application and promised date.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse

from servicecenter.models import Notification
from servicecenter.notify import create_notices, notices

from .models import Application

BATCH = 1_000
KIND = Notification.Kind.REMINDER


def chase_waivers(now) -> dict:
    """The applications not yet reminded for their promised date, oldest first, a
    batch at a time (without the NOT EXISTS the same first 1,000 were met again on
    every run, and those after them never), sent with one ``create_notices``."""
    reminded = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=OuterRef("pk"), kind=KIND, due_at=OuterRef("waiver_due_at"))
    qs = (Application.objects.filter(Application.clock.open_q(),
                                     waiver_due_at__lt=now,
                                     first_receiver__isnull=False)
          .filter(~Exists(reminded))
          .select_related("item").order_by("waiver_due_at")[:BATCH])
    rows = [row for app in qs for row in notices(
        [app.first_receiver_id], KIND, f"容缺材料逾期未补交：{app.number}",
        f"{app.item.name}：申请人承诺补交的容缺材料已过承诺日期，请联系申请人补交。",
        url=reverse("matters:detail", args=[app.pk]), record=app,
        due_at=app.waiver_due_at)]
    return {"waiver_chased": len(create_notices(rows)) if rows else 0}
