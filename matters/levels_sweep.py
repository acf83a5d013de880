"""The sweep's rules for the levels' stages (registered in setup_levels).

The clock (``Application.clock``) chases the village, 送镇待接收 and county states at
their stage's deadline (``due_at``). This sweeper adds what the clock cannot see:
the town's stage at its own limit while the town's flow (收件 … 审核) runs, the
paper materials not received N working days after they were due (flagged, blocking
nothing), and the county's phone chase on its date. Each notice is sent once.

Incremental like the deadline sweep: the day's first sweep reads every stage a rule
may concern; later sweeps that day only those whose deadline crossed since the
previous one (the stages' ``SweepMark``) and those saved since, or whose application
was (history rows). The partial indexes hold only the stages still to chase or flag.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, OuterRef, Q, Value, functions
from django.urls import reverse
from django.utils import timezone

from servicecenter import standin
from servicecenter import sweep as deadline_sweep
from servicecenter.models import Notification, SweepMark
from servicecenter.notify import create_notices, notices, recipient_ids, without_notice

from .models import Application, ApplicationStage, Level, State

BATCH = 1_000
TOWN_STATES = (State.RECEIVED, State.CORRECTION, State.ACCEPTED, State.HANDLING,
               State.REVIEW, State.SPECIAL)


def _url(stage):
    return reverse("matters:detail", args=[stage.application_id])


def _send(qs, notice, flag: str = "") -> tuple[int, int]:
    """The notices of a batch of stages, sent with one ``create_notices``:
    ``notice(stage)`` gives (recipients, ``notices``' keyword arguments). With
    ``flag``, the stages' flag is then set in one UPDATE, so each goes once.
    Returns (notices sent, stages read)."""
    planned = [(stage, *notice(stage)) for stage in qs]
    away = standin.stand_ins(set().union(*(recipient_ids(who)
                                           for _, who, _ in planned)))
    rows = [row for _, who, kw in planned for row in notices(who, away=away, **kw)]
    sent = len(create_notices(rows)) if rows else 0
    if flag and planned:
        ApplicationStage.objects.filter(
            pk__in=[stage.pk for stage, _, _ in planned]).update(**{flag: True})
    return sent, len(planned)


@dataclass(frozen=True)
class After:
    """The previous sweep of the day: its ``now``, and the stages saved since or
    whose application was (their history rows)."""
    then: datetime.datetime
    saved: Q

    def only(self, qs, due: str | None = None):
        """The stages of ``qs`` saved since, or whose ``due`` crossed ``then``."""
        return qs.filter(self.saved | Q(**{f"{due}__gte": self.then}) if due
                         else self.saved)


def _since(window) -> After | None:
    """After the stages' mark of today (``sweep.since``); None: look at all."""
    after = deadline_sweep.since(ApplicationStage, window)
    if after is None:
        return None
    applications = deadline_sweep.saved_since(Application, after.window.now)
    if applications is None:
        return None
    # lists, not subqueries: each arm an index scan (pk, application), OR-ed
    return After(after.window.now, Q(pk__in=after.changed)
                 | Q(application_id__in=applications))


def _town_overdue(now, after: After | None = None) -> tuple[int, int]:
    qs = ApplicationStage.objects.filter(
        level=Level.TOWN, closed_at__isnull=True, due_at__lt=now,
        chased_overdue=False, application__state__in=TOWN_STATES)
    qs = ((after.only(qs, "due_at") if after else qs)
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


def _paper_late(now, after: After | None = None) -> tuple[int, int]:
    qs = ApplicationStage.objects.filter(
        paper_received_at__isnull=True, paper_due_at__lt=now, paper_flagged=False,
        application__state__in=Application.clock.open)
    qs = ((after.only(qs, "paper_due_at") if after else qs)
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


def _chase_event(day):
    """``county_chase:YYYYMMDD`` of a date expression, as ``_county_chase`` names it."""
    f = functions

    def digits(part, width):
        return f.LPad(f.Cast(part, CharField()), width, Value("0"))
    return f.Concat(Value("county_chase:"), digits(f.ExtractYear(day), 4),
                    digits(f.ExtractMonth(day), 2), digits(f.ExtractDay(day), 2),
                    output_field=CharField())


def _county_chase(now, after: After | None = None) -> tuple[int, int]:
    """The day's chases: after its first sweep, nothing crosses until tomorrow."""
    today = timezone.localdate(now)
    due = ApplicationStage.objects.filter(
        level=Level.COUNTY, closed_at__isnull=True, next_chase_on__lte=today,
        application__state=State.COUNTY, application__first_receiver__isnull=False)
    qs = without_notice(due, Application, Notification.Kind.CHASE, "application_id",
                        recipient_id=OuterRef("application__first_receiver_id"),
                        event=_chase_event(OuterRef("next_chase_on")))
    qs = ((after.only(qs) if after else qs).select_related("application__item")
          .order_by("next_chase_on")[:BATCH])

    def notice(stage):
        app = stage.application
        return ([app.first_receiver_id], {
            "kind": Notification.Kind.CHASE,
            "title": f"县级审批待电话催办：{app.number}",
            "body": f"{app.item.name}：{stage.body}，今日应电话催办并登记。",
            "url": _url(stage), "record": app,
            "event": f"county_chase:{stage.next_chase_on:%Y%m%d}"})
    return _send(qs, notice)


RULES = {"stage_overdue": _town_overdue, "paper_late": _paper_late,
         "county_chased": _county_chase}


def sweep(now) -> dict:
    """Each rule; after the day's first sweep only over the stages that changed or
    crossed a deadline since (``_since``), like the deadline sweep. A rule that
    read a whole batch leaves more: the next sweep looks at everything again."""
    window = deadline_sweep.Window.at(now)
    after = _since(window)
    counts, more = {}, False
    for key, rule in RULES.items():
        counts[key], read = rule(now, after)
        more |= read >= BATCH
    if more:
        SweepMark.objects.filter(model=ApplicationStage._meta.label).delete()
    else:
        deadline_sweep.left_off(ApplicationStage, window)
    return counts
