"""Service items for the window's tests, built directly (the catalogue's own tests
cover creating and revising items)."""

from matters.models import ItemVersion, Material, ServiceItem, Situation
from matters.models.choices import ItemType, MaterialForm, WindowClass
from servicecenter.models import Window

HOMESTEAD_MATERIALS = [
    # name, required, waivable, situations (empty: every situation)
    ("宅基地申请审批表", True, False, []),
    ("申请人身份证、户口簿", True, False, []),
    ("原宅基地使用证明", True, True, ["翻建"]),
    ("村民小组意见", True, False, ["新建"]),
    ("四邻签字意见", False, False, []),
]


def make_item(department, *, name="农村宅基地建房审批", serial=1, same_day=False,
              situations=("翻建", "新建"), materials=HOMESTEAD_MATERIALS,
              promised_days=20, window=None):
    """An active item with its first version, 情形 and materials."""
    item = ServiceItem.objects.create(
        code=f"62052400{department.abbr or 'SW'}-XK-{serial:04d}", name=name,
        item_type=ItemType.PERMIT, department=department, window=window,
        serial=serial)
    version = ItemVersion.objects.create(
        item=item, number=1,
        window_class=WindowClass.IMMEDIATE if same_day else WindowClass.PROMISED,
        same_day=same_day, statutory_limit_days=None if same_day else 30,
        promised_limit_days=None if same_day else promised_days,
        extension_allowed=True, extension_days=10,
        legal_basis="《中华人民共和国土地管理法》第六十二条", phone="0994-1234567",
        address="便民服务中心一楼", rights="申请人享有陈述、申辩的权利。")
    by_name = {n: Situation.objects.create(version=version, name=n, order=i)
               for i, n in enumerate(situations)}
    for order, (mname, required, waivable, only) in enumerate(materials):
        m = Material.objects.create(version=version, name=mname, required=required,
                                    waivable=waivable, form=MaterialForm.ORIGINAL,
                                    copies=1, order=order)
        m.situations.set([by_name[s] for s in only])
    item.current_version = version
    item.save(update_fields=["current_version"])
    return item


def make_window(department, staff=(), number=1):
    window = Window.objects.create(number=number, name="综合受理",
                                   department=department)
    window.staff.add(*staff)
    return window
