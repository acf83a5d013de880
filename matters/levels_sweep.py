"""The sweep's rules for the levels' stages (registered in setup_levels).

The clock (``Application.clock``) chases the village, 送镇待接收 and county states at
their stage's deadline (``due_at``). This sweeper adds what the clock cannot see:
the town's stage at its own limit while the town's flow (收件 … 审核) runs, the
paper materials not received N working days after they were due (flagged, blocking
nothing), and the county's phone chase on its date. Each notice is sent once.
"""

from django.urls import reverse
from django.utils import timezone

from servicecenter import standin
from servicecenter.models import Notification
from servicecenter.notify import create_notices, notices, recipient_ids

from .models import Application, ApplicationStage, Level, State

BATCH = 1_000
TOWN_STATES = (State.RECEIVED, State.CORRECTION, State.ACCEPTED, State.HANDLING,
               State.REVIEW, State.SPECIAL)


def _url(stage):
    return reverse("matters:detail", args=[stage.application_id])


def _send(qs, notice, flag: str = "") -> int:
    """The notices of a batch of stages, sent with one ``create_notices``:
    ``notice(stage)`` gives (recipients, ``notices``' keyword arguments). With
    ``flag``, the stages' flag is then set in one UPDATE, so each goes once."""
    planned = [(stage, *notice(stage)) for stage in qs]
    away = standin.stand_ins(set().union(*(recipient_ids(who)
                                           for _, who, _ in planned)))
    rows = [row for _, who, kw in planned for row in notices(who, away=away, **kw)]
    sent = len(create_notices(rows)) if rows else 0
    if flag and planned:
        ApplicationStage.objects.filter(
            pk__in=[stage.pk for stage, _, _ in planned]).update(**{flag: True})
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
        return (Application.clock.responsible(app) or [app.first_receiver], {
            "kind": Notification.Kind.CHASE, "title": f"镇级环节超期：{app.number}",
            "body": f"{app.item.name}：{stage.body}（{stage.limit_days}个工作日）"
                    "已超过本级时限，请尽快办理。",
            "url": _url(stage), "record": app, "due_at": stage.due_at,
            "event": "stage_overdue"})
    return _send(qs, notice, "chased_overdue")


def _paper_late(now) -> int:
    qs = (ApplicationStage.objects.filter(
        paper_received_at__isnull=True, paper_due_at__lt=now, paper_flagged=False,
        application__state__in=Application.clock.open)
        .select_related("application__item", "application__first_receiver")
        .order_by("paper_due_at")[:BATCH])

    def notice(stage):
        app = stage.application
        return ({stage.sent_on_by_id, app.first_receiver_id} - {None}, {
            "kind": Notification.Kind.REMINDER,
            "title": f"纸质资料逾期未到：{app.number}",
            "body": f"{app.item.name}：{stage.get_level_display()}送出的纸质资料"
                    "已超过应到期限仍未登记收到（不影响办理），请核实。",
            "url": _url(stage), "record": app, "due_at": stage.paper_due_at,
            "event": "paper_late"})
    return _send(qs, notice, "paper_flagged")


def _county_chase(now) -> int:
    today = timezone.localdate(now)
    qs = (ApplicationStage.objects.filter(
        level=Level.COUNTY, closed_at__isnull=True, next_chase_on__lte=today,
        application__state=State.COUNTY, application__first_receiver__isnull=False)
        .select_related("application__item").order_by("next_chase_on")[:BATCH])

    def notice(stage):
        app = stage.application
        return ([app.first_receiver_id], {
            "kind": Notification.Kind.CHASE,
            "title": f"县级审批待电话催办：{app.number}",
            "body": f"{app.item.name}：{stage.body}，今日应电话催办并登记。",
            "url": _url(stage), "record": app,
            "event": f"county_chase:{stage.next_chase_on:%Y%m%d}"})
    return _send(qs, notice)


def sweep(now) -> dict:
    return {"stage_overdue": _town_overdue(now), "paper_late": _paper_late(now),
            "county_chased": _county_chase(now)}
