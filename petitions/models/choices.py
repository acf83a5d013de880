"""The petition's vocabularies: states, channels, categories and decisions."""

from django.db import models

GROUP_VISIT_HEADCOUNT = 5
MAX_REPRESENTATIVES = 5


class State(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
    TRANSFERRED = "transferred", "已转送"
    MERGED = "merged", "已合并"
    IN_PROGRESS = "in_progress", "办理中"
    RESULT_REPORTED = "result_reported", "已报结果"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    UNDER_REVIEW = "under_review", "复查中"
    UNDER_RE_REVIEW = "under_re_review", "复核中"
    CONCLUDED = "concluded", "终结"


# States in which someone owes the petitioner something by a deadline.
OPEN_STATES = [State.REGISTERED, State.ACCEPTED, State.IN_PROGRESS,
               State.RESULT_REPORTED, State.UNDER_REVIEW, State.UNDER_RE_REVIEW]


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    EMAIL = "email", "电子邮件"
    CALL = "call", "来电"
    VISIT = "visit", "来访"
    ONLINE = "online", "网上"


class Category(models.TextChoices):
    DEMAND = "demand", "求决"
    APPEAL = "appeal", "申诉"
    SUGGESTION = "suggestion", "建议"
    ACCUSATION = "accusation", "揭发控告"
    ENQUIRY = "enquiry", "咨询"
    OTHER = "other", "其他"


class Route(models.TextChoices):
    LITIGATION = "litigation", "诉讼"
    ARBITRATION = "arbitration", "仲裁"
    RECONSIDERATION = "reconsideration", "行政复议"
    OTHER_BODY = "other_body", "向其他有权机关提出"


class Outcome(models.TextChoices):
    SUPPORT = "support", "予以支持"
    EXPLAIN = "explain", "解释说明"
    REJECT = "reject", "不予支持"


class ReviewDecision(models.TextChoices):
    UPHOLD = "uphold", "维持"
    REVOKE = "revoke", "撤销"
    CHANGE = "change", "变更"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
