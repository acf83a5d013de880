"""Demo 联办件 (并联审批). DEMO ONLY; idempotent.

One item declared 联办件, 乡村建设规划许可证核发 (农业农村办公室), consults the town's
村镇规划建设服务中心 and 国土资源所 (the seeds' 宅基地 guide: "镇村镇规划建设服务中心与
国土资源所：5个工作日内实地踏勘审查"), each with 5 working days. Three applications:
one with an opinion still pending, one where 国土资源所 did not answer and was recorded
默认同意 by the sweep, one that 国土资源所 refused (准予 blocked, in 审核).
"""

import contextlib
import datetime
from unittest import mock

from django.contrib.auth.models import Group, User
from django.utils import timezone

from servicecenter.demo import DEMO_PASSWORD
from servicecenter.models import Department, Party, Window

from . import joint, services
from .models import Application, JointDepartment, JointOpinion, ServiceItem
from .models.choices import WindowClass

ITEM = "乡村建设规划许可证核发"
DEPARTMENTS = [  # code, name, abbr, subject, limit
    ("GHZX", "村镇规划建设服务中心", "GH", "实地踏勘审查、规划选址意见", 5),
    ("GTS", "国土资源所", "GT", "用地审查（是否占用耕地、一户一宅）", 5),
]
HANDLERS = [  # username, name, department code
    ("handler3", "钱规划", "GHZX"),
    ("handler4", "郑国土", "GTS"),
]
MATERIALS = ["乡村建设规划许可申请表", "申请人身份证、户口簿", "土地权属证明",
             "建设工程设计方案（含四至、层数、面积）", "村民委员会意见"]


def _departments():
    out = {}
    for code, name, abbr, _subject, _limit in DEPARTMENTS:
        out[code], _ = Department.objects.get_or_create(
            code=code, defaults={"name": name, "abbr": abbr})
    handler = Group.objects.get(name="handler")
    for username, full_name, code in HANDLERS:
        user, created = User.objects.get_or_create(username=username,
                                                   defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(handler)
        out[code].members.add(user)
    return out


def _item(departments):
    item = ServiceItem.objects.filter(name=ITEM).first()
    if item is not None:
        return item
    manager, leader = (User.objects.get(username=u) for u in ("manager", "leader"))
    nyb = Department.objects.get(code="NYB")
    window = nyb.windows.filter(is_active=True).order_by("number").first() or (
        Window.objects.filter(is_active=True).order_by("number").first())
    item = services.create_item(
        manager, name=ITEM, item_type="permit", department=nyb, window=window,
        approver=leader, window_class=WindowClass.JOINT, promised_limit_days=20,
        statutory_limit_days=45, extension_allowed=True, extension_days=10,
        limit_note="联办件：村镇规划建设服务中心、国土资源所并联审批，各5个工作日，"
                   "逾期未回复按超时默认制视为同意；自受理之日起20个工作日内办结。",
        legal_basis="《中华人民共和国城乡规划法》第四十一条",
        conditions="在乡、村庄规划区内进行农村村民住宅、乡镇企业、乡村公共设施和公益"
                   "事业建设的。",
        steps="窗口受理\n村镇规划建设服务中心、国土资源所并联审查（联审）\n"
              "农业农村办公室承办\n镇人民政府审核\n核发乡村建设规划许可证",
        fees="不收费", fee_basis="无")
    version = item.current_version
    for order, name in enumerate(MATERIALS, 1):
        version.materials.create(name=name, order=order)
    for order, (code, _n, _a, subject, limit) in enumerate(DEPARTMENTS):
        JointDepartment.objects.create(version=version, department=departments[code],
                                       subject=subject, limit_days=limit, order=order)
    return item


@contextlib.contextmanager
def _days_ago(days):
    """DEMO ONLY: the services (and the history) run as if ``days`` calendar days ago,
    so that a limit has passed by now and the sweep applies the rule as it would
    have."""
    moment = timezone.now() - datetime.timedelta(days=days)
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


def _application(item, party, clerk, handler2):
    app = services.receive_application(
        clerk, item=item, party=party, window=item.window,
        received=list(item.current_version.materials.all()))
    app = services.accept_application(app, clerk)
    return services.take_application(app, handler2, handler=handler2)


def _opinion(app, code):
    return JointOpinion.objects.get(application=app, department__code=code)


def seed() -> int:
    if not User.objects.filter(username="clerk").exists():
        return 0
    departments = _departments()
    item = _item(departments)
    if Application.objects.filter(item=item).exists():
        return 0
    clerk = User.objects.get(username="clerk")
    handler2 = User.objects.get(username="handler2")
    planner, land = (User.objects.get(username=u) for u in ("handler3", "handler4"))
    parties = list(Party.objects.filter(kind=Party.Kind.PERSON).order_by("-pk")[:3])
    if len(parties) < 3:
        return 0
    # 1. 规划 agreed, 国土 still pending: the handler cannot 提交审核 yet
    pending = _application(item, parties[0], clerk, handler2)
    joint.answer_opinion(_opinion(pending, "GHZX"), planner, decision="agree",
                         text="经实地踏勘，选址符合村庄规划。")
    # 2. accepted 20 days ago; 规划 agreed, 国土 did not answer in 5 working days:
    # 默认同意 (the sweep, now)
    with _days_ago(20):
        defaulted = _application(item, parties[1], clerk, handler2)
    with _days_ago(18):
        joint.answer_opinion(_opinion(defaulted, "GHZX"), planner, decision="agree",
                             text="经实地踏勘，同意选址。")
    # 3. accepted 19 days ago; 国土 refused: 准予 is blocked; 规划 did not answer
    with _days_ago(19):
        refused = _application(item, parties[2], clerk, handler2)
    with _days_ago(17):
        joint.answer_opinion(_opinion(refused, "GTS"), land, decision="refuse",
                             text="经用地审查，不同意。",
                             reasons="拟建位置占用永久基本农田，不符合土地利用总体规划。")
    joint.default_overdue_opinions()
    for app, opinion in ((defaulted, "规划同意，国土超时默认同意，拟准予。"),
                         (refused, "国土资源所不同意（占用基本农田），拟不予。")):
        if not JointOpinion.objects.filter(application=app, state="pending").exists():
            services.submit_application(app, handler2, opinion=opinion)
    return 3
