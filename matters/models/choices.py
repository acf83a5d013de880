"""The vocabularies of service items (事项) and applications (办件)."""

from django.db import models


class ItemType(models.TextChoices):
    PERMIT = "permit", "行政许可"
    LEVY = "levy", "行政征收"
    NON_PERMIT = "non_permit", "非许可审批"
    CONFIRMATION = "confirmation", "行政确认"
    AGENCY = "agency", "代理事项"
    CONVENIENCE = "convenience", "便民服务事项"
    OTHER = "other", "其他"


# The seeds confirm XK (行政许可) and DL (代理事项); the rest are sensible defaults
# held as data (TypeCode) so that the centre can change them.
DEFAULT_TYPE_CODES = {
    ItemType.PERMIT: "XK",
    ItemType.LEVY: "ZS",
    ItemType.NON_PERMIT: "FX",
    ItemType.CONFIRMATION: "QR",
    ItemType.AGENCY: "DL",
    ItemType.CONVENIENCE: "BM",
    ItemType.OTHER: "QT",
}


class WindowClass(models.TextChoices):
    IMMEDIATE = "immediate", "即办件"
    PROMISED = "promised", "承诺件"
    JOINT = "joint", "联办件"
    REPORTED = "upward", "上报件"  # a complaint state is spelled reported


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    BOTH = "both", "原件及复印件"


class State(models.TextChoices):
    VILLAGE = "at_village", "村级受理"  # at a village service point (levels)
    TO_TOWN = "sent_to_town", "送镇待接收"
    RECEIVED = "received", "收件"
    CORRECTION = "correction", "补正"
    ACCEPTED = "accepted", "已受理"
    HANDLING = "handling", "承办"
    REVIEW = "review", "审核"
    SPECIAL = "special", "特殊环节"
    COUNTY = "at_county", "县级审批"  # sent to the county, an outside body (levels)
    DECIDED = "decided", "已办结"
    NOTIFIED = "notified", "已告知"
    CLOSED = "closed", "已送达"
    REJECTED = "rejected", "不予受理"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATES = [State.RECEIVED, State.CORRECTION, State.ACCEPTED, State.HANDLING,
               State.REVIEW, State.SPECIAL, State.DECIDED, State.NOTIFIED]
OPEN_STATES += [State.VILLAGE, State.TO_TOWN, State.COUNTY]  # levels (村 → 镇 → 县)
# at the window, the clerk who received it acts next: 受理, 补正收件, 告知, 送达
WINDOW_STATES = (State.RECEIVED, State.CORRECTION, State.DECIDED, State.NOTIFIED)


class Channel(models.TextChoices):
    WINDOW = "window", "窗口"
    VILLAGE = "village", "村代办"
    ONLINE = "online", "网上"
    PHONE = "phone", "电话预约"


class Outcome(models.TextChoices):
    GRANTED = "granted", "准予"
    DENIED = "denied", "不予"


class InformChannel(models.TextChoices):
    SMS = "sms", "短信"
    PHONE = "phone", "电话"
    WINDOW = "window", "窗口告知"
    POST = "post", "邮寄"


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", "窗口领取"
    POST = "post", "邮寄"
    HOME = "home", "送证上门"


class StageKind(models.TextChoices):
    INSPECTION = "inspection", "现场勘验"
    PUBLICITY = "publicity", "公示"
    HEARING = "hearing", "听证"
    EXPERT = "expert", "专家评审"


class Level(models.TextChoices):
    VILLAGE = "village", "村级"
    TOWN = "town", "镇级"
    COUNTY = "county", "县（区）级"
