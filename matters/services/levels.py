"""Levels (村 → 镇 → 县 → 镇): the village's intake and 送镇受理, the town's 接收,
送县审批 and the county's decision, the paper that follows by hand, the phone calls
chasing the county and the 代办 hand-overs. Each verb runs its transition through
``run_transition``; the stage rows are written in the same transaction."""

import datetime

from django.db import transaction
from django.utils import timezone

from servicecenter import workdays
from servicecenter.deadlines import compute, deadline_for
from servicecenter.files import save_attachment
from servicecenter.models import TimeLimit
from servicecenter.numbering import next_number
from servicecenter.transitions import (
    TransitionRefused,
    create_record,
    refuse_unless,
    run_transition,
)

from .. import permissions as perms
from ..models import (
    AgencyHandover,
    Application,
    ApplicationMaterial,
    ApplicationStage,
    Channel,
    CountyChase,
    Level,
    State,
)
from ..models.flow import PROCESS
from . import documents as docs
from .intake import PREFIX, _check_intake, _phone_tail

DAYS = TimeLimit.Unit.WORKING_DAYS
VILLAGE_RECEIPT = "village_receipt"
# the levels' own limits (TimeLimit matter/<stage>, seeded by the migration)
DEFAULTS = {"town_receive": 1, "paper": 3, "county_chase": 2}
TOWN_CENTRE = "镇便民服务中心"


def level_deadline(stage: str, start):
    try:
        return deadline_for(PROCESS, stage, start)
    except KeyError:
        return compute(start, DEFAULTS[stage], DAYS)


# --- the chain ------------------------------------------------------------------
def segments(version, situation=None) -> list[dict]:
    """The item's chain as stages: consecutive rows of one level are one stage,
    their bodies listed and their limits added (镇规划中心与国土所 5+3, 镇政府 5)."""
    rows = version.levels.all().order_by("order", "id")
    rows = [r for r in rows if r.situation_id in (None, getattr(situation, "pk", None))]
    out: list[dict] = []
    for row in rows:
        if not out or out[-1]["level"] != row.level:
            out.append({"level": row.level, "rows": [], "days": 0, "long": None,
                        "long_reason": ""})
        seg = out[-1]
        seg["rows"].append(row)
        seg["days"] += row.limit_days
        if row.long_limit_days:
            seg["long"] = (seg["days"] - row.limit_days) + row.long_limit_days
            seg["long_reason"] = row.long_reason
    for seg in out:
        seg["body"] = "、".join(r.body for r in seg["rows"])
        seg["note"] = "+".join(str(r.limit_days) for r in seg["rows"])
    return out


def _open_stage(app, index: int, user, start, *, long=False) -> ApplicationStage:
    seg = segments(app.version, app.situation)[index]
    days = seg["long"] if long and seg["long"] else seg["days"]
    note = (f"{seg['long_reason']}：{days}个工作日" if long and seg["long"]
            else (f"{seg['note']}个工作日" if len(seg["rows"]) > 1 else ""))
    due = compute(start, days, DAYS)
    return ApplicationStage.objects.create(
        application=app, order=index + 1, level=seg["level"], body=seg["body"][:200],
        limit_days=days, limit_note=note[:100], received_at=start, received_by=user,
        due_at=due.due, due_provisional=due.provisional)


def _next_index(app, level) -> int | None:
    """The next stage of ``level`` after those the application has passed."""
    done = app.levels.order_by("-order").values_list("order", flat=True).first() or 0
    for i, seg in enumerate(segments(app.version, app.situation)):
        if i >= done and seg["level"] == level:
            return i
    return None


def current_stage(app) -> ApplicationStage | None:
    return (ApplicationStage.objects.select_for_update()
            .filter(application=app, closed_at__isnull=True).order_by("-order").first())


def has_levels(version) -> bool:
    return version.levels.exists()


def open_town_stage(app, user) -> ApplicationStage | None:
    """A town clerk takes a leveled item at the window (a village resident's,
    perhaps): the chain starts at the town."""
    index = _next_index(app, Level.TOWN)
    return None if index is None else _open_stage(app, index, user, app.received_at)


# --- the village ---------------------------------------------------------------
def receive_at_village(user, *, item, party, situation=None, received=(),
                       needs_meeting=False, note="") -> Application:
    """— → village: the village service point takes the application (村级受理): the
    materials that came, the village stage with its limit (7 working days, 15 when a
    村民代表会议 is needed)."""
    refuse_unless(perms.can_receive_at_village(user),
                  "只有村代办员可以在村级服务点收件。")
    version = item.current_version
    _check_intake(item, version, situation)
    first = segments(version, situation)[:1]
    if not first or first[0]["level"] != Level.VILLAGE:
        raise TransitionRefused("该事项不经村级受理，请到镇便民服务中心窗口办理。")
    village = user.villages.filter(is_active=True).order_by("code").first()
    got = {getattr(m, "pk", m) for m in received}
    now = timezone.now()
    app = Application(state=State.VILLAGE, item=item, version=version,
                      situation=situation, party=party, channel=Channel.VILLAGE,
                      first_receiver=user, received_at=now, village=village,
                      department=item.department, phone_tail=_phone_tail(party),
                      note=note.strip())
    with transaction.atomic():
        app.number = next_number(PREFIX, timezone.localtime(now).year)
        create_record(app, user, name="receive_at_village", remark=note.strip())
        stage = _open_stage(app, 0, user, now, long=needs_meeting)
        Application.objects.filter(pk=app.pk).update(
            due_at=stage.due_at, due_provisional=stage.due_provisional)
        app.due_at, app.due_provisional = stage.due_at, stage.due_provisional
        ApplicationMaterial.objects.bulk_create([
            ApplicationMaterial(application=app, material=m, received=m.pk in got)
            for m in version.materials_for(situation)])
    return app


def _send_on(stage, user, to, opinion, paper_sent):
    now = timezone.now()
    stage.opinion, stage.opinion_by, stage.opinion_at = opinion.strip(), user, now
    stage.sent_on_at, stage.sent_on_by, stage.sent_to = now, user, to[:200]
    stage.closed_at = now
    stage.paper_due_at = level_deadline("paper", now).due
    if paper_sent:
        stage.paper_sent_at, stage.paper_sent_by = now, user
    _save_stage(stage, user, "send_on")


def _save_stage(stage, user, reason):
    stage._history_user, stage._change_reason = user, reason
    stage.save()


def send_to_town_application(app, user, *, opinion, paper_sent=False,
                             expected_state=None, remark=""):
    """village → to_town (送镇受理): the 村受理意见 on the village stage; prints the
    村级受理回执; the paper follows (纸质资料后送)."""
    with transaction.atomic():
        saved = run_transition(app, "send_to_town", user, remark or opinion,
                               expected_state=expected_state, opinion=opinion,
                               due=level_deadline("town_receive", timezone.now()),
                               after_commit=[docs.issue(VILLAGE_RECEIPT, user)])
        stage = current_stage(saved)
        if stage is not None:
            _send_on(stage, user, TOWN_CENTRE, opinion, paper_sent)
    return saved


def receive_from_village_application(app, user, *, paper_received=False,
                                     expected_state=None, remark=""):
    """to_town → received (接收): the town stage opens with its limit; the
    existing 收件/受理/承办 flow goes on."""
    with transaction.atomic():
        saved = run_transition(app, "receive_from_village", user, remark,
                               expected_state=expected_state)
        village = saved.levels.filter(level=Level.VILLAGE).order_by("-order").first()
        if paper_received and village is not None and not village.paper_received_at:
            village.paper_received_at, village.paper_received_by = timezone.now(), user
            _save_stage(village, user, "paper_received")
        index = _next_index(saved, Level.TOWN)
        if index is not None:
            _open_stage(saved, index, user, timezone.now())
    return saved


# --- the county ------------------------------------------------------------------
def send_to_county_application(app, user, *, opinion, paper_sent=False,
                               expected_state=None, remark=""):
    """handling → county (送县审批): the 镇审核意见 on the town stage; the county
    stage opens, chased by phone every few working days."""
    index = _next_index(app, Level.COUNTY)
    if index is None:
        raise TransitionRefused("该事项的层级链中没有县（区）级审批环节，由镇办结。")
    seg = segments(app.version, app.situation)[index]
    now = timezone.now()
    with transaction.atomic():
        saved = run_transition(app, "send_to_county", user, remark or opinion,
                               expected_state=expected_state, opinion=opinion,
                               due=compute(now, seg["days"], DAYS))
        town = current_stage(saved)
        if town is not None:
            _send_on(town, user, seg["body"], opinion, paper_sent)
        county = _open_stage(saved, index, user, now)
        county.next_chase_on = timezone.localdate(level_deadline("county_chase",
                                                                 now).due)
        _save_stage(county, user, "send_to_county")
    return saved


def record_county_decision_application(app, user, *, outcome, decision_text,
                                       document=None, expected_state=None, remark=""):
    """county → decided: the county's decision and its document on the county
    stage; the town's last stage (核发, 1 working day) opens."""
    now = timezone.now()
    issue = _next_index(app, Level.TOWN)
    due = None
    if issue is not None:
        due = compute(now, segments(app.version, app.situation)[issue]["days"], DAYS)
    with transaction.atomic():
        saved = run_transition(app, "record_county_decision", user,
                               remark or decision_text, expected_state=expected_state,
                               outcome=outcome, decision_text=decision_text, due=due,
                               after_commit=[docs.issue(docs.DECISION, user)])
        county = current_stage(saved)
        if county is not None:
            county.opinion, county.opinion_by = decision_text.strip(), user
            county.opinion_at = county.closed_at = now
            county.next_chase_on = None
            _save_stage(county, user, "county_decision")
            if document:
                save_attachment(county, user, document, kind="document")
        if issue is not None:
            _open_stage(saved, issue, user, now)
    return saved


def chase_county_application(app, user, *, on, contact, answer, next_chase_on=None):
    """One phone call to the county (催办): recorded, and the next call's date."""
    refuse_unless(perms.can_chase_county_application(user, app),
                  "您没有权限登记县级催办。")
    if app.state != State.COUNTY:
        raise TransitionRefused("办件不在县级审批中，无需催办。")
    if next_chase_on and next_chase_on < on:
        raise TransitionRefused("下次催办日期不能早于本次催办日期。")
    with transaction.atomic():
        stage = current_stage(app)
        if stage is None or stage.level != Level.COUNTY:
            raise TransitionRefused("没有进行中的县级审批环节。")
        chase = CountyChase.objects.create(stage=stage, on=on, by=user,
                                           contact=contact.strip(),
                                           answer=answer.strip(),
                                           next_chase_on=next_chase_on)
        stage.next_chase_on = next_chase_on
        _save_stage(stage, user, "chase")
    return chase


def _stage_of(app, stage_pk):
    stage = (ApplicationStage.objects.select_for_update()
             .filter(application=app, pk=stage_pk).first())
    if stage is None:
        raise TransitionRefused("该层级环节不存在。")
    return stage


def record_paper_application(app, user, *, stage, which):
    """纸质资料后送: the level that sends its paper records it, the next records
    that it arrived. A late arrival blocks nothing; the sweep flags it."""
    refuse_unless(perms.can_record_paper_application(user, app),
                  "您没有权限登记纸质资料。")
    with transaction.atomic():
        row = _stage_of(app, getattr(stage, "pk", stage))
        now = timezone.now()
        if which == "sent":
            if row.paper_sent_at:
                raise TransitionRefused("已登记纸质资料送出。")
            row.paper_sent_at, row.paper_sent_by = now, user
            row.paper_due_at = row.paper_due_at or level_deadline("paper", now).due
        elif which == "received":
            if row.paper_received_at:
                raise TransitionRefused("已登记纸质资料收到。")
            if perms.is_village_staff(user, app.village_id) and not perms.has_role(
                    user, perms.CLERK):
                raise TransitionRefused("纸质资料收到由镇便民服务中心登记。")
            row.paper_received_at, row.paper_received_by = now, user
        else:
            raise TransitionRefused("无效的操作。")
        _save_stage(row, user, f"paper_{which}")
    return row


def record_handover_application(app, user, *, from_person, to_person, what,
                                at=None):
    """代办: one hand-over of the file (from, to, what, when), recorded by whom."""
    refuse_unless(perms.can_record_handover_application(user, app),
                  "只有中心工作人员可以登记代办交接。")
    at = at or timezone.now()
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise TransitionRefused("交接时间不能晚于现在。")
    stage = (app.levels.filter(closed_at__isnull=True).order_by("-order").first()
             or app.levels.order_by("-order").first())
    if stage is None:
        raise TransitionRefused("该办件没有层级环节，无需登记代办交接。")
    return AgencyHandover.objects.create(
        stage=stage, from_person=from_person.strip(), to_person=to_person.strip(),
        what=what.strip(), at=at, by=user)


def workdays_taken(stage) -> int | None:
    """Working days from receipt to the end of the stage (the report's figure)."""
    if not stage.received_at or not stage.closed_at:
        return None
    return workdays.workdays_between(timezone.localdate(stage.received_at),
                                     timezone.localdate(stage.closed_at))
