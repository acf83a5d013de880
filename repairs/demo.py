"""Demo repair orders in several states (DEMO ONLY), through the services."""

import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from servicecenter import handover
from servicecenter.models import Party, Window

from . import services
from .models import RepairOrder, Vendor

VENDORS = [("联想哈密授权服务站", "孙经理", "0902-2201234", "哈密市建国北路8号",
            "联想、ThinkPad"),
           ("惠普新疆维修中心", "马工", "0991-5566778", "乌鲁木齐市北京南路16号",
            "惠普打印机"),
           ("伊吾县家电维修部", "李师傅", "13899001122", "伊吾县城关镇商业街3号",
            "家电、电脑")]
DEVICES = [
    ("笔记本电脑", "联想", "ThinkPad E14", "PF3AB123", 400, "无法开机，电源灯不亮"),
    ("打印机", "惠普", "LaserJet P1108", "CNB7K45678", 200, "卡纸，打印有黑线"),
    ("台式电脑", "戴尔", "OptiPlex 3080", "7XK9L23", 900, "频繁蓝屏"),
    ("打印机", "惠普", "DeskJet 2720", "CN09Q1234", 100, "无法连接无线网络"),
    ("笔记本电脑", "华为", "MateBook D14", "HWD14A987", 30, "屏幕闪烁"),
]


def _photo():
    """A real (tiny) PNG: uploads are checked whole by Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 200, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("demo.png", buffer.getvalue(), content_type="image/png")


def _intake(clerk, party, device):
    kind, brand, model, serial, age, fault = device
    return services.receive_repair(
        clerk, party, device_type=kind, brand=brand, model_name=model,
        serial_number=serial,
        purchase_date=timezone.localdate() - datetime.timedelta(days=age),
        warranty_months=12, manufacturer_warranty=brand == "惠普",
        accessories="电源适配器",
        appearance="外壳轻微划痕", configuration="与铭牌一致", fault_description=fault)


def _diagnosed(order, clerk, engineer, route):
    order = services.assign_repair(order, clerk, engineer=engineer)
    order = services.start_diagnosis(order, engineer)
    warranty = order.computed_warranty()
    if warranty == "unknown":
        warranty = "out"
    return services.diagnose_repair(order, engineer, diagnosis="已确认故障",
                                    route=route,
                                    warranty_status=warranty,
                                    route_reason=("厂家保修" if route == "external"
                                                  else "本中心可修"))


def seed() -> int:
    if RepairOrder.objects.exists():
        return 0
    for name, person, phone, address, brands in VENDORS:
        Vendor.objects.get_or_create(name=name, defaults={
            "contact_person": person, "phone": phone, "address": address,
            "brands": brands})
    clerk = User.objects.get(username="clerk")
    engineer, engineer2 = (User.objects.get(username=u)
                           for u in ("engineer", "engineer2"))
    parties = list(Party.objects.order_by("id")[:5])
    orders = [_intake(clerk, p, d) for p, d in zip(parties, DEVICES, strict=False)]
    services.assign_repair(orders[1], clerk, engineer=engineer)            # assigned
    handover.hand_over(orders[0], clerk, Window.objects.get(number=2),     # 转交
                       "打印机维修属技术服务窗口，已请客户稍候。")
    o = _diagnosed(orders[2], clerk, engineer2, "in_house")
    services.start_repair(o, engineer2)                                    # repairing
    o = _diagnosed(orders[3], clerk, engineer, "external")
    o = services.request_dispatch(o, engineer, reason="厂家保修期内，送厂家维修")
    today = timezone.localdate()
    services.send_out(o, clerk, vendor=Vendor.objects.get(name="惠普新疆维修中心"),
                      contact_person="马工", contact_note="已电话联系，同意接收",
                      handover_date=today, receipt_no="HP-2026-0456",
                      receipt_photo=_photo(),
                      expected_return=today + datetime.timedelta(days=7),
                      first_followup_on=today)                              # at vendor
    o = _diagnosed(orders[4], clerk, engineer2, "in_house")
    o = services.start_repair(o, engineer2)
    services.add_log_entry(o, engineer2, action="更换屏线", part_name="屏线",
                           old_serial="LCD-OLD-01", new_serial="LCD-NEW-77",
                           result="显示正常")
    o = services.finish_repair(o, engineer2)
    # ready
    services.pass_reinspection(o, engineer, checklist="开机、显示、外观",
                               result="合格")
    return len(orders)
