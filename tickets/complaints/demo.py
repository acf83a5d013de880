"""Demo complaints and follow-up calls for `make run`. DEMO ONLY; idempotent."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from servicecenter.models import Department, Party

from .. import followups
from ..models import Complaint, Revisit
from ..revisit_script import ensure_questions
from . import services

MARK = "【演示】"


@transaction.atomic
def seed(stdout=None):
    ensure_questions()
    if Complaint.objects.filter(subject__startswith=MARK).exists():
        return
    clerk, manager, engineer = (User.objects.get(username=u)
                                for u in ("clerk", "manager", "engineer"))
    dept = Department.objects.filter(code="JSFW").first()
    parties = {p.phone: p for p in Party.objects.filter(phone__startswith="1380013800")}
    p1, p2, p3, p4, p5 = (parties[f"1380013800{i}"] for i in range(1, 6))
    services.register_complaint(
        clerk, source="hotline", party=p1, subject=f"{MARK}上门服务迟到两小时",
        content="预约上午九点上门，工程师十一点才到，也没有提前电话告知。")
    c = services.register_complaint(
        clerk, source="visit", party=p2, subject=f"{MARK}打印机维修后仍卡纸",
        content="上周取回的打印机使用两天后又开始卡纸。")
    c = services.accept_complaint(c, manager, truthfulness="true",
                                  reasonableness="reasonable", responsible=engineer,
                                  department=dept,
                                  assessment="情况属实，安排原工程师复修。")
    services.handle_complaint(c, engineer, cause="搓纸轮老化未更换",
                              actions="免费更换搓纸轮并清洁纸道",
                              result="试打印50页无卡纸")
    today = timezone.localdate()
    planned = followups.plan_revisits([p3, p4, p5], manager, start=today,
                                      end=today + datetime.timedelta(days=5),
                                      note="演示：季度客户关怀回访")
    followups.record_attempt(planned[0], clerk, reached=True,
                             rating=Revisit.Rating.DISSATISFIED,
                             notes=f"{MARK}反映窗口排队时间太长，等了一个多小时。")
    if stdout:
        stdout.write("投诉与回访演示数据已创建。")
