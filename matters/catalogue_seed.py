"""The catalogue seeded from the seeds' item guides (服务指南): six items.

Run by the data migration (with historical models) and by
``servicecenter.seeding.ensure_base_data`` (after a test flushes the database).
Idempotent: an item whose name exists is left as the centre has edited it. Where a
guide leaves a field blank (咨询电话 "0476-", an unnumbered material) the seed says
so rather than inventing it.
"""

from django.apps import apps as global_apps

from .codes import DEFAULT_DIVISION_CODE, format_code

DEPARTMENTS = {  # code: (name, pinyin abbreviation for the item code)
    "SWB": ("社会事务办公室", "SW"),
    "NYB": ("农业农村办公室", "NY"),
}
EXTENSION = {"extension_allowed": True, "extension_days": 10}
NO_FEE = {"fees": "不收费", "fee_basis": "无"}
RIGHTS = ("申请人有权了解办理进度和结果；对不予受理或不予批准的决定，可依法申请行政复议"
          "或提起行政诉讼；对工作人员的服务可以评价和投诉。")


def M(name, form="original", copies=1, required=True, waivable=False, note="",
      situations=()):
    return {"name": name, "form": form, "copies": copies, "required": required,
            "waivable": waivable, "note": note, "situations": situations}


DIBAO = {
    "name": "城乡低保救助服务", "item_type": "other", "dept": "SWB",
    "version": {
        "window_class": "promised", "promised_limit_days": 27,
        "statutory_limit_days": 30, "limit_note": "27个工作日内完成", **EXTENSION,
        "legal_basis": "1、《城市居民最低生活保障条例》（国务院令271号）\n"
                       "2、《国务院关于在全国建立农村最低生活保障制度的通知》"
                       "（国发〔2007〕19号）",
        "conditions": "凡持有本乡镇常住户口的城乡居民，共同生活的家庭成员月人均收入"
                      "低于本乡镇居民最低生活保障标准的，可以申请城乡低保。",
        "steps": "户主提出书面申请\n村（居）委会入户调查、民主评议并公示\n"
                 "乡镇人民政府审核\n县级民政部门审批\n办结告知",
        **NO_FEE, "rights": RIGHTS,
    },
    "materials": [
        M("最低生活保障待遇审批表", copies=3),
        M("户主书面申请报告", copies=3),
        M("家庭成员身份证正反复印件及户口簿复印件", form="copy", copies=3),
        M("户主彩色1寸照片", note="1张"),
        M("家庭成员收入证明", waivable=True),
        M("家庭三个月的水费、电费、通讯费缴费凭证", waivable=True),
    ],
    "forms": ["最低生活保障待遇审批表"],
}
LINQUAN = {
    "name": "林权证申请", "item_type": "confirmation", "dept": "NYB",
    "version": {
        "window_class": "promised", "promised_limit_days": 30,
        "statutory_limit_days": 30, "limit_note": "30个工作日内完成", **EXTENSION,
        "legal_basis": "《中华人民共和国森林法》第三十二条",
        "conditions": "林木、林地的所有权人或使用权人申请林权登记。",
        "steps": "申请\n勘测\n审查\n公示\n发证",
        "fees": "无", "fee_basis": "无", "rights": "林木、林地权利人。" + RIGHTS,
    },
    "materials": [
        M("林权登记申请表", note="到林业站提出申请，由林业站勘测完成，电脑填制"),
        M("林权现地调查表"),
        M("林地位置图", note="绘图，市级统一GPS参数"),
        M("林权权利证明", form="both",
          note="制式合同、土地承包合同、国土使用证、造林协议、转让合同或其他"
               "具有法律效力的林地、林木所有权或使用权证明"),
        M("林权登记权属证明"),
        M("公示单及远近景照片", note="各一张"),
        M("身份证复印件或其他证明本人身份的证件", form="copy"),
    ],
    "forms": ["林权证申请表"],
}
HEZUO = {
    "name": "合作医疗证补发、合作医疗缴费凭证补办", "item_type": "convenience",
    "dept": "SWB",
    "version": {
        "window_class": "immediate", "same_day": True, "limit_note": "当日",
        "extension_allowed": False, "extension_days": 0,
        "conditions": "参加合作医疗的参保居民。",
        "steps": "受理\n审核\n补发合作医疗证\n办结", **NO_FEE, "rights": RIGHTS,
    },
    "materials": [M("合作医疗户主身份证")],
    "forms": [],
}
SHENGYU = {
    "name": "一孩《生育服务证》领取", "item_type": "confirmation", "dept": "SWB",
    "version": {
        # 当场 when complete; else within 20 days (送证上门). The other centre's
        # 限时办结制: 10 working days from the application; the promise is the shorter.
        "window_class": "immediate", "promised_limit_days": 10,
        "statutory_limit_days": 20, **EXTENSION,
        "limit_note": (
            "材料齐全、有效的当场发证并登记造册；特殊原因不能当场发放的，"
            "自收齐材料之日起二十日内送证上门，或委托村委会送证上门"
            "（限时办结制：自收到申请之日起10个工作日内批复）。"
            "材料不齐全的，当场或五日内一次性告知。"),
        "conditions": "符合法律法规规定生育第一个子女的夫妻。",
        "steps": "受理\n审核\n发证并登记造册（或送证上门）", **NO_FEE,
        "rights": RIGHTS,
    },
    "materials": [
        M("夫妻双方身份证、户口簿", form="both",
          note="指南原文第1项空缺，按通行要求列出"),
        M("结婚证及复印件", form="both"),
        M("夫妻二寸合照免冠相片", note="一张"),
        M("育龄妇女近期孕检及未产式检查证明"),
        M("婚育情况核实反馈书"),
        M("新婚夫妇培训合格证", waivable=True, note="每月最后一个星期天培训"),
    ],
    "forms": [],
}
ZHAIJIDI = {
    "name": "农村村民住宅用地与建设审批", "item_type": "permit", "dept": "NYB",
    "situations": ["翻建", "新建"],
    "version": {
        "window_class": "upward", "promised_limit_days": 29,
        "statutory_limit_days": 36, **EXTENSION,
        "limit_note": "村委会7个工作日（召开村民代表会议的15个工作日）；镇村镇规划建设"
                      "服务中心与国土资源所实地踏勘审查5个工作日、划定红线图3个工作日；"
                      "镇人民政府审核5个工作日；翻建的送区建设局、区国土资源分局备案2个"
                      "工作日；新建的送区建设局、区国土资源分局审批各5个工作日，区人民"
                      "政府签署意见5个工作日；镇人民政府核发建设许可证并放样1个工作日。",
        "legal_basis": "《中华人民共和国土地管理法》第六十二条",
        "conditions": "本村集体经济组织成员，一户只能拥有一处宅基地。",
        "steps": "村委会审核（公示七天）\n镇村镇规划建设服务中心与国土资源所实地踏勘、"
                 "划定红线图\n镇人民政府审核\n翻建的送区建设局、区国土资源分局备案；"
                 "新建的送区建设局、区国土资源分局审批，区人民政府签署意见\n"
                 "镇人民政府核发建设许可证并组织放样划定四至范围",
        **NO_FEE, "rights": RIGHTS,
    },
    "materials": [
        M("申请人身份证复印件", form="copy", copies=2),
        M("家庭户口簿正本及复印件", form="both", copies=2, note="申报表中各成员"),
        M("旧房集体土地使用证正本及复印件", form="both", copies=2,
          note="权属人与申请人不同的，应提供关系证明（村委会盖章）及转让协议书",
          situations=("翻建",)),
        M("经村委会盖章的公示证明",
          note="在村务公开栏中公开七天；翻建的应含“该户审批后只有此一处住宅”；新建的"
               "应含“拟建房地点、四邻位置、该户审批后只有此一处住宅”"),
        M("四邻无争议证明", waivable=True,
          note="村委会审批意见栏中已写明“四邻无争议”的可免"),
        M("旧房原始照片", copies=2, situations=("翻建",)),
        M("拟新建位置处原始照片", situations=("新建",)),
        M("书面土地转让协议书（村委会盖章）", required=False,
          note="在别人田地或购买地上建房的提供"),
    ],
    "forms": ["农村村民住宅用地申请审批表"],
}
YISHIYIYI = {
    "name": "一事一议筹资筹劳方案（审批）", "item_type": "non_permit", "dept": "NYB",
    "version": {
        "window_class": "upward", "promised_limit_days": 20, **EXTENSION,
        "limit_note": "自受理之日起20日内办结（限时办结制）；村级服务点受理后送镇受理，"
                      "镇受理后送县审批，纸质资料后送。",
        "legal_basis": "《村民一事一议筹资筹劳管理办法》",
        "conditions": "村级公益事业建设一事一议财政奖补项目，经村民会议或村民代表会议"
                      "议事表决通过。",
        "steps": "村级服务点受理：录入申请人信息，高拍仪拍照上传材料，填写村受理意见，"
                 "打印受理回执，送镇受理\n镇行政服务中心接收，填写镇受理意见\n送县审批"
                 "\n纸质资料后送",
        **NO_FEE, "rights": RIGHTS,
    },
    "materials": [
        M("村级公益事业建设一事一议财政奖补项目筹资筹劳登记表"),
        M("村级公益事业一事一议财政奖补项目议事会议人员表决登记表"),
        M("村级公益事业建设一事一议财政奖补项目议事会议记录"),
    ],
    "forms": ["筹资筹劳登记表", "议事会议人员表决登记表", "议事会议记录"],
}
ITEMS = [DIBAO, LINQUAN, HEZUO, SHENGYU, ZHAIJIDI, YISHIYIYI]


def _department(apps, code):
    Department = apps.get_model("servicecenter", "Department")
    name, abbr = DEPARTMENTS[code]
    dept, _ = Department.objects.get_or_create(code=code, defaults={"name": name})
    if not dept.abbr:
        dept.abbr = abbr
        dept.save(update_fields=["abbr"])
    return dept


def _version(apps, item, spec):
    ItemVersion = apps.get_model("matters", "ItemVersion")
    version = ItemVersion.objects.create(item=item, number=1, **spec["version"])
    situations = {name: version.situations.create(name=name, order=i)
                  for i, name in enumerate(spec.get("situations", ()))}
    for order, m in enumerate(spec["materials"], 1):
        links = [situations[s] for s in m["situations"]]
        material = version.materials.create(
            order=order, **{k: v for k, v in m.items() if k != "situations"})
        material.situations.set(links)
    for name in spec["forms"]:
        version.forms.create(name=name)
    return version


def _item(apps, spec, division):
    ServiceItem = apps.get_model("matters", "ServiceItem")
    TypeCode = apps.get_model("matters", "TypeCode")
    dept = _department(apps, spec["dept"])
    serial = ServiceItem.objects.filter(department=dept,
                                        item_type=spec["item_type"]).count() + 1
    type_code = TypeCode.objects.get(item_type=spec["item_type"]).code
    window = dept.windows.filter(is_active=True).order_by("number").first()
    item = ServiceItem.objects.create(
        code=format_code(division, dept.abbr, type_code, serial), name=spec["name"],
        item_type=spec["item_type"], department=dept, serial=serial, window=window)
    item.current_version = _version(apps, item, spec)
    item.save(update_fields=["current_version"])


def ensure_type_codes(apps=global_apps) -> None:
    from .models.choices import DEFAULT_TYPE_CODES

    TypeCode = apps.get_model("matters", "TypeCode")
    for item_type, code in DEFAULT_TYPE_CODES.items():
        TypeCode.objects.get_or_create(item_type=item_type, defaults={"code": code})


def seed_catalogue(apps=global_apps, division=None) -> int:
    """Create the seeds' items that do not exist yet; returns how many."""
    from django.conf import settings

    ensure_type_codes(apps)
    division = division or getattr(settings, "CENTRE_DIVISION_CODE",
                                   DEFAULT_DIVISION_CODE)
    ServiceItem = apps.get_model("matters", "ServiceItem")
    created = 0
    for spec in ITEMS:
        if not ServiceItem.objects.filter(name=spec["name"]).exists():
            _item(apps, spec, division)
            created += 1
    return created
