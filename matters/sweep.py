"""The sweep's rule for 容缺: a waived material not supplied by the promised date.

The clock's own specs (servicecenter.sweep) chase the 一次性告知书 (received, past
``notice_due_at``) and the promise; this sweeper reminds the first receiver to chase the
applicant's written promise, once per application and promised date.
"""

from django.urls import reverse

from servicecenter.models import Notification
from servicecenter.notify import notify

from .models import Application

BATCH = 1_000


def chase_waivers(now) -> dict:
    qs = (Application.objects.filter(Application.clock.open_q(),
                                     waiver_due_at__lt=now,
                                     first_receiver__isnull=False)
          .select_related("item").order_by("waiver_due_at")[:BATCH])
    sent = 0
    for app in qs:
        sent += len(notify(
            [app.first_receiver_id], Notification.Kind.REMINDER,
            f"容缺材料逾期未补交：{app.number}",
            f"{app.item.name}：申请人承诺补交的容缺材料已过承诺日期，请联系申请人补交。",
            url=reverse("matters:detail", args=[app.pk]), record=app,
            due_at=app.waiver_due_at))
    return {"waiver_chased": sent}
