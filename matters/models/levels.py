"""Levels (村 → 镇 → 县): the village service points, the chain of levels an item
declares, and the stages an application passes through (SPEC §7 "Levels").

The application's state says where it is (``village``, ``to_town``, … ``county``);
each ``ApplicationStage`` records what that level did: who received it and when, its
opinion, when it was sent on, its deadline on the working-day calendar, and whether the
paper materials (纸质资料后送) arrived.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from servicecenter.models import Department, history

from .catalogue import ItemVersion, Situation
from .choices import Level


def _user(label, related="+"):
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=label,
                             on_delete=models.PROTECT, null=True, blank=True,
                             related_name=related)


def _when(label):
    return models.DateTimeField(label, null=True, blank=True)


class Village(models.Model):
    """A village or community (村/社区) and its service point (村级服务点)."""

    name = models.CharField("村（社区）名称", max_length=60, unique=True)
    code = models.CharField("代码", max_length=20, unique=True)
    town_department = models.ForeignKey(
        Department, verbose_name="联系科室", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="villages")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="村代办员",
                                   blank=True, related_name="villages")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "村（社区）服务点"
        ordering = ["code"]

    def __str__(self):
        return self.name


class ItemLevel(models.Model):
    """One row of an item version's chain of levels: the body that handles it at
    that level and its limit in working days (a longer one, with its reason, where
    the guide gives one: 村委会 7, or 15 when a 村民代表会议 is held). Consecutive
    rows of one level are one stage of the application."""

    version = models.ForeignKey(ItemVersion, verbose_name="版本",
                                on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField("顺序")
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    body = models.CharField("责任主体", max_length=100)
    limit_days = models.PositiveSmallIntegerField("时限（工作日）")
    long_limit_days = models.PositiveSmallIntegerField("延长时限（工作日）", null=True,
                                                       blank=True)
    long_reason = models.CharField("延长时限的情形", max_length=100, blank=True)
    situation = models.ForeignKey(Situation, verbose_name="仅适用情形", null=True,
                                  blank=True, on_delete=models.CASCADE,
                                  related_name="levels")

    class Meta:
        verbose_name = verbose_name_plural = "层级与时限"
        ordering = ["version", "order", "id"]

    def __str__(self):
        return f"{self.get_level_display()} {self.body} {self.limit_days}个工作日"


class ApplicationStage(models.Model):
    """One level the application passes (村级受理, 镇级办理, 县级审批, 镇核发)."""

    application = models.ForeignKey("matters.Application", verbose_name="办件",
                                    on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField("顺序")
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    body = models.CharField("责任主体", max_length=200)
    limit_days = models.PositiveSmallIntegerField("时限（工作日）")
    limit_note = models.CharField("时限说明", max_length=100, blank=True)
    received_at = _when("接收时间")
    received_by = _user("接收人")
    due_at = _when("本级期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    opinion = models.TextField("受理/审核意见", blank=True)
    opinion_by = _user("意见人")
    opinion_at = _when("意见时间")
    sent_on_at = _when("送出时间")
    sent_on_by = _user("送出人")
    sent_to = models.CharField("送往", max_length=200, blank=True)
    closed_at = _when("本级结束时间")
    # 纸质资料后送: the paper follows by hand; a late arrival blocks nothing
    paper_sent_at = _when("纸质资料送出时间")
    paper_sent_by = _user("纸质资料送出人")
    paper_received_at = _when("纸质资料收到时间")
    paper_received_by = _user("纸质资料接收人")
    paper_due_at = _when("纸质资料应到期限")
    # the county (an outside body) is chased by phone, like a repair's vendor
    next_chase_on = models.DateField("下次催办日期", null=True, blank=True)
    # set by the sweep, never by a transition
    chased_overdue = models.BooleanField("已催办超期", default=False, editable=False)
    paper_flagged = models.BooleanField("纸质资料逾期已提醒", default=False,
                                        editable=False)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "办件层级环节"
        ordering = ["application", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "order"],
                                               name="application_stage_order_uniq")]
        indexes = [
            models.Index(fields=["level", "closed_at", "due_at"],
                         name="matter_stage_due_idx"),
            models.Index(fields=["paper_received_at", "paper_due_at"],
                         name="matter_stage_paper_idx"),
            models.Index(fields=["next_chase_on"], name="matter_stage_chase_idx"),
            # the sweep's candidates (levels_sweep): only the stages it may still
            # chase or flag, not every stage it ever did
            models.Index(fields=["due_at"], name="matter_stage_town_due_idx",
                         condition=Q(level=Level.TOWN, closed_at__isnull=True,
                                     chased_overdue=False)),
            models.Index(fields=["paper_due_at"], name="matter_stage_paper_due_idx",
                         condition=Q(paper_received_at__isnull=True,
                                     paper_flagged=False)),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.body}"


class CountyChase(models.Model):
    """One phone call chasing the county (跟踪催办): whom, what they said, when to
    call next (the repairs' vendor follow-ups, for an outside body)."""

    stage = models.ForeignKey(ApplicationStage, verbose_name="层级环节",
                              on_delete=models.CASCADE, related_name="chases")
    on = models.DateField("催办日期")
    by = _user("催办人")
    contact = models.CharField("联系对象", max_length=60)
    answer = models.TextField("对方答复")
    next_chase_on = models.DateField("下次催办日期", null=True, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "县级催办记录"
        ordering = ["stage", "on", "id"]

    def __str__(self):
        return f"{self.stage} {self.on}"


class AgencyHandover(models.Model):
    """代办: centre staff carry an application (to the county) for the citizen; each
    hand-over of the file, from whom to whom, what, when, recorded by whom."""

    stage = models.ForeignKey(ApplicationStage, verbose_name="层级环节",
                              on_delete=models.CASCADE, related_name="handovers")
    from_person = models.CharField("交出方", max_length=60)
    to_person = models.CharField("接收方", max_length=60)
    what = models.CharField("交接内容", max_length=200)
    at = models.DateTimeField("交接时间")
    by = _user("登记人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "代办交接记录"
        ordering = ["stage", "at", "id"]

    def __str__(self):
        return f"{self.from_person} → {self.to_person}：{self.what}"
