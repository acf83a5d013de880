"""Catalogue items, applications and paired windows for the public pages' tests
(built directly, as the other apps' factories do: records in a given state)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from matters.models import (
    Application,
    ItemForm,
    ItemType,
    ItemVersion,
    Material,
    MaterialForm,
    ServiceItem,
    Situation,
    State,
    WindowClass,
)
from servicecenter.models import Window
from tests.factories import PartyFactory


def guide_item(department, *, name="农村村民住宅用地审批", serial=1, window=None,
               item_type=ItemType.PERMIT, with_files=False, **version_fields):
    """An active item with a current version: two situations (翻建 / 新建), three
    materials (one for every situation, one per situation) and one form."""
    department.abbr = department.abbr or "GT"
    department.save()
    code = f"62052400{department.abbr}-XK-{serial:04d}"
    item = ServiceItem.objects.create(code=code, name=name, item_type=item_type,
                                      department=department, window=window,
                                      serial=serial)
    fields = {"window_class": WindowClass.PROMISED, "statutory_limit_days": 30,
              "promised_limit_days": 20,
              "legal_basis": "《中华人民共和国土地管理法》第六十二条",
              "conditions": "本村村民，一户一宅。",
              "steps": "申请\n村委会公示七天\n审核\n发证",
              "fees": "不收费", "fee_basis": "无",
              "rights": "对决定不服的，可依法申请行政复议。",
              "phone": "0938-1234567", "address": "镇便民服务中心一楼3号窗口",
              **version_fields}
    version = ItemVersion.objects.create(item=item, number=1, **fields)
    rebuild = Situation.objects.create(version=version, name="翻建", order=1)
    new = Situation.objects.create(version=version, name="新建", order=2)
    Material.objects.create(version=version, name="申请人身份证", order=1,
                            form=MaterialForm.COPY, copies=2)
    old = Material.objects.create(version=version, name="旧房原始照片", order=2,
                                  copies=2, waivable=True)
    old.situations.add(rebuild)
    site = Material.objects.create(version=version, name="拟建位置原始照片", order=3,
                                   required=False)
    site.situations.add(new)
    form = ItemForm.objects.create(version=version,
                                   name="农村宅基地和建房（规划许可）申请表")
    if with_files:
        old.template.save("sample.pdf", ContentFile(b"%PDF-1.4 sample\n"))
        form.file.save("form.pdf", ContentFile(b"%PDF-1.4 form\n"))
    item.current_version = version
    item.save()
    return item


def application(item, *, state=State.ACCEPTED, phone_tail="1234", number=None,
                party=None, promised_days=20, **fields):
    now = timezone.now()
    party = party or PartyFactory(name="马秀兰", phone=f"1390000{phone_tail}")
    return Application.objects.create(
        number=number or "BJ2026-00001", state=state, item=item,
        version=item.current_version, party=party, received_at=now,
        department=item.department, phone_tail=phone_tail, accepted_at=now,
        promised_due_at=now + datetime.timedelta(days=promised_days), **fields)


def window(department, number=3, staff=()):
    w = Window.objects.create(number=number, name="国土村建窗口", department=department)
    w.staff.add(*staff)
    return w
