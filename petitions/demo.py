"""Demo petitions in different states. DEMO ONLY; idempotent (keyed on the subject)."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from servicecenter.models import Department, Party

from . import services
from .models import Petition
from .models.choices import Category, Channel, Outcome

DEMO = [
    # subject, category, channel, days ago, how far along
    ("红星村灌溉水渠破损，影响春耕", Category.DEMAND, Channel.VISIT, 2, "registered"),
    ("申请临时救助未获答复", Category.DEMAND, Channel.CALL, 10, "accepted"),
    ("低保资格复核结果有异议", Category.APPEAL, Channel.LETTER, 20, "in_progress"),
    ("建议在城关村增设路灯", Category.SUGGESTION, Channel.ONLINE, 40, "replied"),
    ("反映村干部优亲厚友问题", Category.ACCUSATION, Channel.LETTER, 5, "registered"),
]


def seed(stdout=None):
    clerk = User.objects.get(username="clerk")
    leader = User.objects.get(username="leader")
    handler = User.objects.get(username="handler")
    department = Department.objects.get(code="SWB")
    parties = list(Party.objects.filter(kind=Party.Kind.PERSON).order_by("pk")[:5])
    created = 0
    rows = zip(DEMO, parties, strict=False)
    for (subject, category, channel, ago, stage), party in rows:
        if Petition.objects.filter(subject=subject).exists():
            continue
        p = services.register_petition(
            clerk, party=party, channel=channel, category=category, subject=subject,
            content=f"{party.name}反映：{subject}。请求尽快处理。",
            received_at=timezone.now() - datetime.timedelta(days=ago),
            place=party.village)
        created += 1
        if stage == "registered":
            continue
        p = services.accept_petition(p, leader,
                                     instruction="请社会事务办公室核实办理。",
                                     department=department)
        if stage == "accepted":
            continue
        p = services.sign_petition(p, handler)
        if stage == "in_progress":
            continue
        p = services.report_result_petition(
            p, handler, outcome=Outcome.SUPPORT,
            facts="经实地核实，情况属实，已列入年度计划。",
            legal_basis="《信访工作条例》第三十二条")
        services.reply_petition(p, clerk, method="当面答复")
    if stdout is not None:
        stdout.write(f"信访演示数据：新建 {created} 件。")
