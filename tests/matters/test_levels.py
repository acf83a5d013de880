"""Levels (村 → 镇 → 县): 宅基地 through the village, the town, the county and back,
each stage on its own limit across National Day 2026 (1–7 Oct, Sat 10 Oct a 调休
working day); the paper that follows by hand; the sweep on each stage."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from matters import levels_sweep, services
from matters.models import ApplicationStage, CountyChase, Level, State
from servicecenter import sweep
from servicecenter.models import Attachment, Notification
from servicecenter.transitions import TransitionRefused
from tests.factories import PartyFactory
from tests.files import png_bytes
from tests.matters.factories import at
from tests.matters.levels_fixtures import at_county, at_village

pytestmark = pytest.mark.django_db


def _day(dt):
    return timezone.localtime(dt).date()


def _d(month, day):
    return datetime.date(2026, month, day)


def _stage(app, level, last=False):
    qs = app.levels.filter(level=level).order_by("-order" if last else "order")
    return qs.first()


def test_zhaijidi_village_town_county_and_back_across_national_day(
        village_clerk, clerk, land_handler, zhaijidi, clock):
    # Mon 28 Sep: the village takes it; 村委会 7 working days → Tue 13 Oct
    clock(at(28, 10, month=9))
    app = at_village(village_clerk, zhaijidi)
    assert app.state == State.VILLAGE and app.village.name == "城关村"
    village = _stage(app, Level.VILLAGE)
    assert (village.limit_days, _day(village.due_at)) == (7, _d(10, 13))
    assert app.due_at == village.due_at and app.first_receiver == village_clerk

    # Tue 29 Sep: 送镇受理 with the 村受理意见; the town has 1 working day to 接收
    clock(at(29, 10, month=9))
    with pytest.raises(TransitionRefused, match="村受理意见"):
        services.send_to_town_application(app, village_clerk, opinion=" ")
    app = services.send_to_town_application(app, village_clerk, opinion="同意上报。")
    assert app.state == State.TO_TOWN and _day(app.due_at) == _d(9, 30)
    village.refresh_from_db()
    assert village.opinion == "同意上报。" and village.sent_on_by == village_clerk
    assert village.closed_at is not None and _day(village.paper_due_at) == _d(10, 9)

    # Wed 30 Sep: the town's clerk 接收; the town's 5+3+5 run to Fri 23 Oct
    clock(at(30, 9, month=9))
    with pytest.raises(TransitionRefused):
        services.receive_from_village_application(app, village_clerk)
    app = services.receive_from_village_application(app, clerk)
    assert app.state == State.RECEIVED and app.first_receiver == clerk
    town = _stage(app, Level.TOWN)
    assert (town.limit_days, _day(town.due_at)) == (13, _d(10, 23))
    assert town.limit_note == "5+3+5个工作日" and town.received_by == clerk

    app = services.accept_application(app, clerk)
    app = services.take_application(app, land_handler)

    # Fri 9 Oct: 送县审批; 新建: 区建设局, 区国土资源分局, 区人民政府 5 each → 29 Oct
    clock(at(9, 10, month=10))
    app = services.send_to_county_application(app, land_handler,
                                              opinion="镇审核同意，报区审批。")
    assert app.state == State.COUNTY
    county = _stage(app, Level.COUNTY)
    assert (county.limit_days, _day(county.due_at)) == (15, _d(10, 29))
    assert app.due_at == county.due_at
    assert county.next_chase_on == _d(10, 12)  # 2 working days: Sat 10 Oct counts
    town.refresh_from_db()
    assert town.opinion == "镇审核同意，报区审批。" and town.sent_on_by == land_handler

    # Mon 12 Oct: the town chases the county by phone
    clock(at(12, 10, month=10))
    services.chase_county_application(app, clerk, on=_d(10, 12), contact="区建设局",
                                      answer="正在审查。", next_chase_on=_d(10, 15))
    county.refresh_from_db()
    assert county.next_chase_on == _d(10, 15)
    assert CountyChase.objects.get(stage=county).by == clerk

    # Tue 20 Oct: the county's decision comes back; the town issues within 1 day
    clock(at(20, 15, month=10))
    doc = SimpleUploadedFile("批复.png", png_bytes(), content_type="image/png")
    app = services.record_county_decision_application(
        app, clerk, outcome="granted", decision_text="区人民政府同意新建。",
        document=doc)
    assert app.state == State.DECIDED and app.outcome == "granted"
    county.refresh_from_db()
    assert county.opinion == "区人民政府同意新建。" and county.closed_at is not None
    assert Attachment.objects.filter(object_id=county.pk, kind="document").exists()
    issue = _stage(app, Level.TOWN, last=True)
    assert issue.order == 4 and issue.limit_days == 1
    assert _day(issue.due_at) == _d(10, 21) == _day(app.due_at)

    reasons = list(app.history.order_by("history_date").values_list(
        "history_change_reason", flat=True))
    for verb in ("receive_at_village", "send_to_town", "receive_from_village",
                 "send_to_county", "record_county_decision"):
        assert verb in reasons


def test_village_meeting_gives_the_village_stage_its_longer_limit(
        village_clerk, zhaijidi, clock):
    clock(at(28, 10, month=9))
    app = at_village(village_clerk, zhaijidi, needs_meeting=True)
    stage = _stage(app, Level.VILLAGE)
    # 15 working days from Mon 28 Sep, over 1–7 Oct, Sat 10 Oct working: Fri 23 Oct
    assert stage.limit_days == 15 and _day(stage.due_at) == _d(10, 23)
    assert "村民代表会议" in stage.limit_note


def test_renovation_goes_to_the_county_for_two_days_of_filing(
        village_clerk, clerk, land_handler, zhaijidi, clock):
    clock(at(28, 10, month=9))
    app = at_village(village_clerk, zhaijidi, situation="翻建")
    app = services.send_to_town_application(app, village_clerk, opinion="同意。")
    app = services.receive_from_village_application(app, clerk)
    app = services.take_application(services.accept_application(app, clerk),
                                    land_handler)
    clock(at(9, 10, month=10))
    app = services.send_to_county_application(app, land_handler, opinion="同意。")
    county = _stage(app, Level.COUNTY)
    assert county.limit_days == 2 and _day(county.due_at) == _d(10, 12)


def test_town_clerk_takes_a_village_residents_application_directly(
        clerk, villages, zhaijidi):
    situation = zhaijidi.current_version.situations.get(name="新建")
    app = services.receive_application(
        clerk, item=zhaijidi, party=PartyFactory(), situation=situation,
        received=list(zhaijidi.current_version.materials_for(situation)),
        village=villages[1], window=zhaijidi.window)
    assert app.state == State.RECEIVED and app.village == villages[1]
    stages = list(app.levels.values_list("order", "level"))
    assert stages == [(2, Level.TOWN)]  # no village stage


def test_village_clerk_cannot_take_an_item_without_a_village_level(village_clerk):
    from tests.matters.factories import item

    dibao = item()
    with pytest.raises(TransitionRefused, match="不经村级受理"):
        services.receive_at_village(village_clerk, item=dibao, party=PartyFactory())


def test_paper_not_received_blocks_nothing_but_is_flagged_after_three_working_days(
        village_clerk, clerk, zhaijidi, clock, client):
    clock(at(29, 10, month=9))
    app = at_village(village_clerk, zhaijidi)
    app = services.send_to_town_application(app, village_clerk, opinion="同意。",
                                            paper_sent=True)
    app = services.receive_from_village_application(app, clerk)  # paper still out
    assert app.state == State.RECEIVED
    stage = _stage(app, Level.VILLAGE)
    assert _day(stage.paper_due_at) == _d(10, 9)  # 30 Sep, 8 Oct, 9 Oct
    late = Notification.objects.filter(object_id=app.pk, title__startswith="纸质资料")
    sweep.run(at(9, 16, month=10), full=True)
    assert not late.exists()
    sweep.run(at(10, 9, month=10), full=True)
    assert set(late.values_list("recipient", flat=True)) == {village_clerk.pk,
                                                            clerk.pk}
    sweep.run(at(12, 9, month=10), full=True)
    assert late.count() == 2  # once
    clock(at(12, 10, month=10))
    client.force_login(clerk)
    html = client.get(f"/matters/{app.pk}/").content.decode()
    assert 'id="paper-late-flag"' in html and "逾期未到" in html
    services.record_paper_application(app, clerk, stage=stage, which="received")
    html = client.get(f"/matters/{app.pk}/").content.decode()
    assert 'id="paper-late-flag"' not in html and "已收到" in html


def test_sweep_chases_the_town_stage_at_its_own_limit(
        village_clerk, clerk, zhaijidi, clock):
    clock(at(30, 9, month=9))
    app = at_village(village_clerk, zhaijidi)
    app = services.send_to_town_application(app, village_clerk, opinion="同意。")
    app = services.receive_from_village_application(app, clerk)
    app = services.accept_application(app, clerk)  # the promise runs 29 days
    town = _stage(app, Level.TOWN)
    assert _day(town.due_at) == _d(10, 23)
    chased = Notification.objects.filter(object_id=app.pk, title__startswith="镇级环节")
    sweep.run(at(23, 16, month=10), full=True)
    assert not chased.exists()
    sweep.run(at(26, 9, month=10), full=True)
    assert chased.count() == 1
    assert ApplicationStage.objects.get(pk=town.pk).chased_overdue


def test_sweep_reminds_the_town_clerk_of_the_county_phone_chase(
        village_clerk, clerk, land_handler, zhaijidi, clock):
    clock(at(9, 10, month=10))
    app = at_county(village_clerk, clerk, land_handler, zhaijidi)
    reminder = Notification.objects.filter(object_id=app.pk,
                                           title__startswith="县级审批待电话催办")
    sweep.run(at(10, 16, month=10), full=True)  # first chase due Tue 13 Oct
    assert not reminder.exists()
    sweep.run(at(13, 9, month=10), full=True)
    assert list(reminder.values_list("recipient", flat=True)) == [clerk.pk]


def test_the_county_chase_reminder_reads_no_stage_reminded_for_its_date(
        village_clerk, clerk, land_handler, zhaijidi, clock, monkeypatch):
    """A stage whose first receiver has the reminder for its chase date is not read
    again: a backlog past one batch is reached by the next sweeps (it was the same
    batch again and again); a new chase date is reminded again."""
    monkeypatch.setattr(levels_sweep, "BATCH", 1)
    clock(at(9, 10, month=10))
    apps = []
    for _ in range(2):
        apps.append(at_county(village_clerk, clerk, land_handler, zhaijidi))
    reminders = Notification.objects.filter(title__startswith="县级审批待电话催办")
    clock(at(13, 9, month=10))
    assert [levels_sweep._county_chase(timezone.now())[0] for _ in range(3)] == [
        1, 1, 0]
    assert set(reminders.values_list("object_id", flat=True)) == {a.pk for a in apps}
    services.chase_county_application(apps[0], clerk, on=_d(10, 13), contact="区建设局",
                                      answer="正在审查。", next_chase_on=_d(10, 15))
    clock(at(15, 9, month=10))
    assert levels_sweep._county_chase(timezone.now())[0] == 1
    assert reminders.filter(object_id=apps[0].pk).count() == 2


def test_an_incremental_sweep_still_catches_each_stage_rule(
        village_clerk, clerk, land_handler, zhaijidi, clock):
    """After the day's first sweep the levels' rules read only the stages saved or
    past a deadline since (their mark): a paper deadline crossed and a chase date
    moved between two sweeps are still caught."""
    clock(at(9, 10, month=10))
    app = at_county(village_clerk, clerk, land_handler, zhaijidi)
    app.levels.update(paper_due_at=None)
    app.levels.filter(level=Level.TOWN).update(paper_due_at=at(13, 12, month=10))
    chased = Notification.objects.filter(object_id=app.pk,
                                         title__startswith="县级审批待电话催办")
    late = Notification.objects.filter(object_id=app.pk,
                                       title__startswith="纸质资料逾期未到")
    clock(at(13, 9, month=10))
    sweep.run(timezone.now())  # the day's first: every stage
    assert chased.count() == 1 and not late.exists()
    clock(at(13, 11, month=10))
    services.chase_county_application(app, clerk, on=_d(10, 13), contact="区建设局",
                                      answer="正在审查。", next_chase_on=_d(10, 13))
    clock(at(13, 15, month=10))
    report = sweep.run(timezone.now())
    assert report["matters.Application"]["full"] is False
    assert chased.count() == 2  # the new date's
    # the town's sender and the first receiver
    assert set(late.values_list("recipient", flat=True)) == {land_handler.pk, clerk.pk}
    sweep.run(timezone.now())
    assert (chased.count(), late.count()) == (2, 2)


def test_agency_handover_is_recorded_and_shown(
        village_clerk, clerk, land_handler, zhaijidi, client):
    app = at_village(village_clerk, zhaijidi)
    app = services.send_to_town_application(app, village_clerk, opinion="同意。")
    with pytest.raises(TransitionRefused):
        services.record_handover_application(app, village_clerk, from_person="甲",
                                             to_person="乙", what="材料")
    services.record_handover_application(app, clerk, from_person="王窗口",
                                         to_person="区建设局窗口", what="审批表两份")
    client.force_login(clerk)
    html = client.get(f"/matters/{app.pk}/").content.decode()
    assert "代办交接" in html and "区建设局窗口" in html and "审批表两份" in html
