import datetime

import factory

from repairs.models import RepairOrder, Vendor
from tests.factories import PartyFactory


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"外修站{n}")
    contact_person = "孙经理"
    phone = "0902-1234567"


class RepairOrderFactory(factory.django.DjangoModelFactory):
    """An order in a given state, built directly (tests only: the app goes through
    the services)."""

    class Meta:
        model = RepairOrder

    number = factory.Sequence(lambda n: f"WX2026-{n + 90000:05d}")
    party = factory.SubFactory(PartyFactory)
    received_by = None
    device_type = "笔记本电脑"
    brand = "联想"
    model_name = "ThinkPad E14"
    serial_number = factory.Sequence(lambda n: f"SN{n:06d}")
    purchase_date = datetime.date(2025, 6, 1)
    warranty_months = 12
    accessories = "电源适配器"
    appearance = "外壳轻微划痕"
    configuration = "16G内存 512G固态"
    fault_description = "无法开机"
    state = "received"
