"""Demo service tickets in different states (DEMO ONLY), for `manage.py seed_demo`."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from servicecenter.models import Party
from tickets.models import MaintenancePlan, ServiceTicket

from . import services

DEMO = [
    # (party phone, kind, problem, how far to take it)
    ("09940000001", "onsite", "[演示] 机房交换机频繁掉线", "start"),
    ("13800138001", "remote", "[演示] 村务系统无法登录", "assign"),
    ("13800138002", "remote", "[演示] 打印机驱动安装", None),
    ("13800138003", "onsite", "[演示] 监控录像机硬盘报警", "wait_for_parts"),
    ("13800138004", "remote", "[演示] 邮箱无法收信", "resolve"),
]


def seed(stdout):
    clerk = User.objects.get(username="clerk")
    engineer = User.objects.get(username="engineer")
    if ServiceTicket.objects.filter(problem__startswith="[演示]").exists():
        stdout.write("服务单演示数据已存在。")
        return
    for phone, kind, problem, until in DEMO:
        party = Party.objects.get(phone=phone)
        ticket = services.create_ticket(
            clerk, party=party, contact_name=party.name, contact_phone=party.phone,
            kind=kind, channel="phone", problem=problem, address=party.address)
        _advance(ticket, clerk, engineer, until)
    school = Party.objects.get(phone="09940000001")
    MaintenancePlan.objects.get_or_create(
        party=school, system="校园网络及监控系统", defaults={
            "contents": "检查核心交换机\n检查录像存储\n清洁摄像头\n检查UPS电池",
            "interval_months": 3, "engineer": engineer,
            "next_due": timezone.localdate() + datetime.timedelta(days=5)})
    stdout.write(f"服务单演示数据：{len(DEMO)} 张任务单，1 个维护计划。")


def _advance(ticket, clerk, engineer, until):
    steps = ["assign", "start", "wait_for_parts", "resolve"]
    if until is None:
        return
    appointment = timezone.now() + datetime.timedelta(hours=4)
    ticket = services.assign_ticket(ticket, clerk, engineer=engineer,
                                    appointment_at=appointment)
    if steps.index(until) >= 1:
        ticket = services.start_ticket(ticket, engineer)
    if until == "wait_for_parts":
        services.wait_for_parts(ticket, engineer, part_name="4TB 监控硬盘",
                                supplier="海康威视 维保合同 HK-2026-03",
                                expected_date=timezone.localdate()
                                + datetime.timedelta(3))
    if until == "resolve":
        services.log_contact(ticket, engineer, at=timezone.now(), channel="phone",
                             summary="指导客户重新配置邮箱服务器地址")
        services.resolve_ticket(ticket, engineer, result="已指导客户恢复收信")
