"""The sweep's rules for the levels' stages (registered in setup_levels).

The clock (``Application.clock``) chases the village, 送镇待接收 and county states at
their stage's deadline (``due_at``). This sweeper adds what the clock cannot see:
the town's stage at its own limit while the town's flow (收件 … 审核) runs, the
paper materials not received N working days after they were due (flagged, blocking
nothing), and the county's phone chase on its date. Each notice is sent once.
"""

from django.urls import reverse
from django.utils import timezone

from servicecenter.models import Notification
from servicecenter.notify import notify

from .models import Application, ApplicationStage, Level, State

BATCH = 1_000
TOWN_STATES = (State.RECEIVED, State.CORRECTION, State.ACCEPTED, State.HANDLING,
               State.REVIEW, State.SPECIAL)


def _url(stage):
    return reverse("matters:detail", args=[stage.application_id])


def _flag_each(qs, flag: str, notice) -> int:
    """``notice(stage)`` for each stage of ``qs`` (its notify's recipients), then
    the stages' ``flag`` set in one UPDATE, so each notice goes once."""
    sent, done = 0, []
    for stage in qs:
        sent += len(notice(stage))
        done.append(stage.pk)
    if done:
        ApplicationStage.objects.filter(pk__in=done).update(**{flag: True})
    return sent


def _town_overdue(now) -> int:
    qs = (ApplicationStage.objects.filter(
        level=Level.TOWN, closed_at__isnull=True, due_at__lt=now,
        chased_overdue=False, application__state__in=TOWN_STATES)
        .select_related("application__item", "application__department__head",
                        "application__handler", "application__first_receiver")
        .order_by("due_at")[:BATCH])

    def notice(stage):
        app = stage.application
        who = Application.clock.responsible(app) or [app.first_receiver]
        return notify(who, Notification.Kind.CHASE, f"镇级环节超期：{app.number}",
                      f"{app.item.name}：{stage.body}（{stage.limit_days}个工作日）"
                      "已超过本级时限，请尽快办理。",
                      url=_url(stage), record=app, due_at=stage.due_at,
                      event="stage_overdue")
    return _flag_each(qs, "chased_overdue", notice)


def _paper_late(now) -> int:
    qs = (ApplicationStage.objects.filter(
        paper_received_at__isnull=True, paper_due_at__lt=now, paper_flagged=False,
        application__state__in=Application.clock.open)
        .select_related("application__item", "application__first_receiver")
        .order_by("paper_due_at")[:BATCH])

    def notice(stage):
        app = stage.application
        who = {stage.sent_on_by_id, app.first_receiver_id} - {None}
        return notify(who, Notification.Kind.REMINDER,
                      f"纸质资料逾期未到：{app.number}",
                      f"{app.item.name}：{stage.get_level_display()}送出的纸质资料"
                      "已超过应到期限仍未登记收到（不影响办理），请核实。",
                      url=_url(stage), record=app, due_at=stage.paper_due_at,
                      event="paper_late")
    return _flag_each(qs, "paper_flagged", notice)


def _county_chase(now) -> int:
    today = timezone.localdate(now)
    qs = (ApplicationStage.objects.filter(
        level=Level.COUNTY, closed_at__isnull=True, next_chase_on__lte=today,
        application__state=State.COUNTY, application__first_receiver__isnull=False)
        .select_related("application__item").order_by("next_chase_on")[:BATCH])
    sent = 0
    for stage in qs:
        app = stage.application
        sent += len(notify([app.first_receiver_id], Notification.Kind.CHASE,
                           f"县级审批待电话催办：{app.number}",
                           f"{app.item.name}：{stage.body}，今日应电话催办并登记。",
                           url=_url(stage), record=app,
                           event=f"county_chase:{stage.next_chase_on:%Y%m%d}"))
    return sent


def sweep(now) -> dict:
    return {"stage_overdue": _town_overdue(now), "paper_late": _paper_late(now),
            "county_chased": _county_chase(now)}
