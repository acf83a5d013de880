import datetime

import factory
from django.utils import timezone

from tests.factories import PartyFactory
from tickets.models import DifficultCase, MaintenancePlan, ServiceTicket


class ServiceTicketFactory(factory.django.DjangoModelFactory):
    """A ticket in any state (``state=...``), built directly for tests only."""

    class Meta:
        model = ServiceTicket

    number = factory.Sequence(lambda n: f"FW2026-{90000 + n:05d}")
    party = factory.SubFactory(PartyFactory)
    contact_name = "张先生"
    contact_phone = "13900000000"
    kind = ServiceTicket.Kind.REMOTE
    channel = ServiceTicket.Channel.PHONE
    problem = "网络中断，无法登录业务系统"
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))


class DifficultCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DifficultCase

    number = factory.Sequence(lambda n: f"YN2026-{9000 + n:04d}")
    title = "多次上门未解决"
    reason = "两次上门仍未排除故障"


class MaintenancePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenancePlan

    party = factory.SubFactory(PartyFactory)
    system = "视频监控系统"
    contents = "检查录像存储\n清洁摄像头\n检查网络交换机"
    interval_months = 3
    next_due = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=5))
