"""Demo levels (村 → 镇 → 县): two village service points with their 村代办员 and
宅基地 applications at each level, through the services. DEMO ONLY; idempotent."""

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from servicecenter.demo import DEMO_PASSWORD
from servicecenter.models import Party
from servicecenter.roles import HANDLER, VILLAGE

from . import services
from .levels_seed import ZHAIJIDI, seed_all
from .models import Application, Outcome, ServiceItem, Village

VILLAGES = [("V01", "城关村", "village1", "杨秀兰"),
            ("V02", "红星村", "village2", "何永福")]
# party, village login, situation, how far it goes
WALKS = [("张建国", "village1", "新建", "村级"),
         ("马丽", "village1", "翻建", "送镇"),
         ("李秀英", "village2", "新建", "县级"),
         ("阿不都·热合曼", "village2", "翻建", "办结")]


def _villages() -> dict:
    group = Group.objects.get_or_create(name=VILLAGE)[0]
    staff = {}
    for code, name, login, full_name in VILLAGES:
        village, _ = Village.objects.get_or_create(code=code, defaults={"name": name})
        user, created = User.objects.get_or_create(username=login,
                                                   defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        village.staff.add(user)
        staff[login] = user
    return staff


def _walk(app, stage, clerk, handler):
    if stage == "村级":
        return app
    app = services.send_to_town_application(
        app, app.first_receiver, paper_sent=True,
        opinion="经村委会审核，情况属实，已公示七天无异议，同意上报。")
    if stage == "送镇":
        return app
    app = services.receive_from_village_application(app, clerk, paper_received=True)
    app = services.accept_application(app, clerk)
    app = services.take_application(app, handler, handler=handler)
    app = services.send_to_county_application(
        app, handler, paper_sent=True,
        opinion="经镇村镇规划建设服务中心与国土资源所实地踏勘审查，符合规划，"
                "已划定红线图，镇人民政府审核同意，报区审批。")
    services.record_handover_application(app, clerk, from_person="王窗口（镇中心）",
                                         to_person="区建设局窗口",
                                         what="申请审批表、红线图及全部纸质资料（代办）")
    services.chase_county_application(
        app, clerk, on=timezone.localdate(), contact="区建设局审批股",
        answer="材料已收到，正在审查，预计本周内出具意见。")
    if stage == "县级":
        return app
    return services.record_county_decision_application(
        app, clerk, outcome=Outcome.GRANTED,
        decision_text="经区建设局、区国土资源分局备案，同意翻建。")


@transaction.atomic
def seed() -> int:
    seed_all()
    staff = _villages()
    item = ServiceItem.objects.filter(name=ZHAIJIDI).select_related(
        "current_version", "department").first()
    clerk = User.objects.filter(username="clerk").first()
    if item is None or clerk is None or Application.objects.filter(
            village__isnull=False).exists():
        return 0
    handler = item.department.members.filter(groups__name=HANDLER).first()
    created = 0
    for party_name, login, situation_name, stage in WALKS:
        party = Party.objects.filter(name=party_name).first()
        if party is None or (handler is None and stage in ("县级", "办结")):
            continue
        situation = item.current_version.situations.get(name=situation_name)
        app = services.receive_at_village(
            staff[login], item=item, party=party, situation=situation,
            received=list(item.current_version.materials_for(situation)))
        _walk(app, stage, clerk, handler)
        created += 1
    return created
