"""The item coding rule of the seeds (政务服务事项编码规则).

办理主体编码 (10): the 8-digit division code (province, city, county, township: two
digits each) and the department's 2-letter pinyin abbreviation; "-"; the item type
code; "-"; the 4-digit serial of the item within its department and type.
Example: 62052400MZ-XK-0001 (武山县民政局's first 行政许可).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

CODE_RE = re.compile(r"^(?P<division>\d{8})(?P<dept>[A-Z]{2})-(?P<type>[A-Z]{2})"
                     r"-(?P<serial>\d{4})$")
ABBR_RE = re.compile(r"^[A-Z]{2}$")
DEFAULT_DIVISION_CODE = "62052400"


def division_code() -> str:
    return getattr(settings, "CENTRE_DIVISION_CODE", DEFAULT_DIVISION_CODE)


def format_code(division: str, abbr: str, type_code: str, serial: int) -> str:
    if not re.fullmatch(r"\d{8}", division or ""):
        raise ValidationError("行政区划代码须为8位数字。")
    if not ABBR_RE.fullmatch(abbr or ""):
        raise ValidationError("科室业务代码须为2位大写拼音首字母。")
    if not ABBR_RE.fullmatch(type_code or ""):
        raise ValidationError("事项类型代码须为2位大写字母。")
    if not 1 <= serial <= 9999:
        raise ValidationError("事项序号须在0001至9999之间。")
    return f"{division}{abbr}-{type_code}-{serial:04d}"


def parse_code(code: str) -> dict:
    """The code's parts, or a ValidationError saying what is wrong."""
    match = CODE_RE.fullmatch(code or "")
    if not match:
        raise ValidationError(
            "事项编码格式应为：8位区划代码+2位科室代码-类型代码-4位序号，"
            "如 62052400MZ-XK-0001。")
    parts = match.groupdict()
    if parts["serial"] == "0000":
        raise ValidationError("事项序号须从0001开始。")
    parts["serial"] = int(parts["serial"])
    return parts


def validate_item_code(code: str) -> None:
    """The model field's validator: the shape and the known type codes."""
    from .models import TypeCode

    parts = parse_code(code)
    known = set(TypeCode.objects.values_list("code", flat=True))
    if known and parts["type"] not in known:
        raise ValidationError(f"未知的事项类型代码：{parts['type']}。")


def check_item_code(item) -> None:
    """The code agrees with the item: its department, type and serial."""
    from .models import TypeCode

    parts = parse_code(item.code)
    errors = []
    if item.department_id and parts["dept"] != item.department.abbr:
        errors.append("编码中的科室代码与承办科室不一致。")
    type_code = TypeCode.objects.filter(item_type=item.item_type).first()
    if type_code and parts["type"] != type_code.code:
        errors.append("编码中的类型代码与事项类型不一致。")
    if item.serial and parts["serial"] != item.serial:
        errors.append("编码中的序号与事项序号不一致。")
    if errors:
        raise ValidationError(errors)


def next_serial(department, item_type) -> int:
    """The next free serial of a department and type (run under a lock)."""
    from django.db.models import Max

    from .models import ServiceItem

    top = ServiceItem.objects.filter(department=department, item_type=item_type
                                     ).aggregate(m=Max("serial"))["m"]
    return (top or 0) + 1


def assign_code(item) -> str:
    """Give a new item its serial and code by the rule."""
    from .models import TypeCode

    if not item.department.abbr:
        raise ValidationError("请先为承办科室填写2位拼音业务代码。")
    type_code = TypeCode.objects.get(item_type=item.item_type).code
    item.serial = item.serial or next_serial(item.department, item.item_type)
    item.code = format_code(division_code(), item.department.abbr, type_code,
                            item.serial)
    return item.code
