"""Demo data for trying the product. DEMO ONLY: never load it in production."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from .models import Department, Enquiry, Party, Window
from .seeding import ensure_base_data
from .validators import id_check_digit

DEMO_PASSWORD = "demo1234"
DEMO_USERS = [
    # username, full name, role, department code
    ("clerk", "王窗口", "clerk", "DZB"),
    ("clerk2", "赵窗口", "clerk", "JSFW"),
    ("engineer", "李工程师", "engineer", "JSFW"),
    ("engineer2", "周工程师", "engineer", "WX"),
    ("handler", "陈经办", "handler", "SWB"),
    ("handler2", "吴经办", "handler", "NYB"),
    ("leader", "张所长", "leader", "DZB"),
    ("manager", "刘主管", "manager", "JSFW"),
]
DEPARTMENTS = [
    ("DZB", "党政综合办公室"),
    ("SWB", "社会事务办公室"),
    ("NYB", "农业农村办公室"),
    ("ZZB", "综治信访办公室"),
    ("JSFW", "技术服务部"),
    ("WX", "维修部"),
]
WINDOWS = [
    # number, name, department code, staff logins
    (1, "综合受理", "DZB", ["clerk"]),
    (2, "技术服务受理", "JSFW", ["clerk2"]),
    (3, "社会事务", "SWB", []),
]
PARTIES = [
    ("张建国", "13800138001", "65222219650312", "城关村", "城关村3组12号"),
    ("李秀英", "13800138002", "65222219720805", "红星村", "红星村1组5号"),
    ("王德明", "13800138003", "65222219580120", "团结社区", "团结路18号"),
    ("马丽", "13800138004", "65222219900617", "城关村", "城关村2组7号"),
    ("阿不都·热合曼", "13800138005", "65222219811103", "红星村", "红星村4组2号"),
    ("刘桂兰", "13800138006", "65222219660928", "幸福村", "幸福村5组9号"),
]


def demo_id(prefix14: str, seq: str = "123") -> str:
    first17 = prefix14 + seq
    return first17 + id_check_digit(first17)


@transaction.atomic
def seed() -> list[tuple[str, str, str]]:
    """Create departments, demo users and parties; safe to run again."""
    ensure_base_data()
    departments = {}
    for code, name in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            code=code, defaults={"name": name})
    logins = []
    for username, full_name, role, dept in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "is_staff": role == "manager"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        departments[dept].members.add(user)
        logins.append((username, DEMO_PASSWORD, full_name))
    leader = User.objects.get(username="leader")
    manager = User.objects.get(username="manager")
    Department.objects.filter(code__in=["DZB", "ZZB"], head=None).update(head=leader)
    Department.objects.filter(code__in=["JSFW", "WX"], head=None).update(head=manager)
    handler = User.objects.get(username="handler")
    Department.objects.filter(code="SWB", head=None).update(head=handler)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "", DEMO_PASSWORD,
                                      first_name="系统管理员")
    logins.append(("admin", DEMO_PASSWORD, "系统管理员（超级用户）"))
    for number, name, dept, staff in WINDOWS:
        window, _ = Window.objects.get_or_create(
            number=number, defaults={"name": name, "department": departments[dept]})
        window.staff.add(*User.objects.filter(username__in=staff))
    for i, (name, phone, id14, village, address) in enumerate(PARTIES):
        Party.objects.get_or_create(
            phone=phone,
            defaults={"name": name, "id_number": demo_id(id14, f"{i + 1:02d}3"),
                      "village": village, "address": address},
        )
    Party.objects.get_or_create(
        phone="09940000001",
        defaults={"name": "伊吾县第一中学", "kind": Party.Kind.ORGANISATION,
                  "organisation": "伊吾县第一中学", "village": "城关村",
                  "address": "城关镇学府路1号"},
    )
    _stand_in(manager)
    _enquiries()
    return logins


def _stand_in(manager):
    """AB角: 周工程师 is on leave for a few days; 李工程师 is his B."""
    import datetime

    from django.utils import timezone

    from .staff import Absence, StaffProfile

    away, backup = (User.objects.get(username=u) for u in ("engineer2", "engineer"))
    StaffProfile.objects.update_or_create(user=away, defaults={"backup": backup})
    StaffProfile.objects.get_or_create(user=backup)
    today = timezone.localdate()
    if not Absence.objects.filter(user=away, ends_on__gte=today).exists():
        Absence.objects.create(user=away, starts_on=today,
                               ends_on=today + datetime.timedelta(days=3),
                               reason="参加县里业务培训", created_by=manager)


ENQUIRIES = [
    # channel, caller, phone, matter, answer, passed to window number
    ("phone", "马丽", "13800138004", "询问残疾人两项补贴需要带什么材料",
     "已一次性告知：身份证、户口本、残疾证、银行卡。", None),
    ("visit", "李秀英", "13800138002", "家里打印机卡纸，想问能不能拿来修", "", 2),
]


def _enquiries() -> None:
    """Two entries of the 来电/来访登记: one answered, one passed to window 2."""
    from .enquiries import log_enquiry

    if Enquiry.objects.exists():
        return
    clerk = User.objects.get(username="clerk")
    for channel, caller, phone, matter, answer, window in ENQUIRIES:
        target = Window.objects.get(number=window) if window else None
        log_enquiry(clerk, target=target, channel=channel, caller=caller,
                    phone=phone, matter=matter, answer=answer)
