"""好差评 at the window: the citizen-facing screen (评价器), its prompts and ratings.

A screen is paired to a Window, never to a person's login: pairing issues a long
random token that the tablet keeps in its URL (``/rating/<token>/``); only its
SHA-256 is stored, so the database does not hold a usable screen address, and
pairing again revokes the old one. A clerk's "请评价" is a ``RatingPrompt`` for the
window; the screen polls for it and the citizen's tap answers it with one
``Rating``. A rating needs an open prompt, so a leaked screen address cannot file
ratings nobody asked for.

A bad rating (不满意 / 非常不满意) opens a rectification in the app that keeps
complaints, through ``servicecenter.registry.open_rectification``; the rating
points at it generically (this app does not import that one) and the complaint's
``related`` points back.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from servicecenter.models import Department, Window

USER = settings.AUTH_USER_MODEL
PROMPT_MINUTES = 15  # a prompt nobody answered stops showing after this


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RatingScreen(models.Model):
    """The one rating screen of a window, found by the hash of its token."""

    window = models.OneToOneField(Window, on_delete=models.CASCADE,
                                  related_name="rating_screen", verbose_name="窗口")
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True,
                                  editable=False)
    paired_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="配对人")
    paired_at = models.DateTimeField("配对时间")
    last_seen_at = models.DateTimeField("最近在线", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价器"

    def __str__(self):
        return f"{self.window} 评价器"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class RatingPrompt(models.Model):
    """A clerk's "请评价" to the window's screen, answered by at most one rating."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE,
                               related_name="rating_prompts", verbose_name="窗口")
    clerk = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                              verbose_name="工作人员")
    application = models.ForeignKey("matters.Application", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+",
                                     verbose_name="办件")
    created_at = models.DateTimeField("发送时间")
    # a newer prompt for the window, or the clerk taking it back, closes this one
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价邀请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["window", "-created_at"],
                                name="rating_prompt_window_idx")]

    def __str__(self):
        return f"{self.window} {self.created_at:%Y-%m-%d %H:%M}"


class Rating(models.Model):
    """One citizen's rating of a service at a window (national five-level scale)."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, "非常满意"
        SATISFIED = 4, "满意"
        FAIRLY_SATISFIED = 3, "基本满意"
        DISSATISFIED = 2, "不满意"
        VERY_DISSATISFIED = 1, "非常不满意"

    BAD = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)
    REASONS = ("等候时间长", "服务态度不好", "业务不熟练", "一次性告知不清楚",
               "办理超过承诺时限", "要求提供不必要的材料", "其他")

    window = models.ForeignKey(Window, on_delete=models.PROTECT,
                               related_name="ratings", verbose_name="窗口")
    clerk = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="ratings",
                              verbose_name="工作人员")
    # the window's department when rated (a window may change department later)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name="所属科室")
    application = models.ForeignKey("matters.Application", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="ratings",
                                    verbose_name="办件")
    prompt = models.OneToOneField(RatingPrompt, on_delete=models.PROTECT,
                                  related_name="rating", verbose_name="评价邀请")
    level = models.PositiveSmallIntegerField("评价", choices=Level.choices)
    reasons = models.JSONField("不满意原因", default=list, blank=True)
    note = models.TextField("意见", blank=True, max_length=500)
    created_at = models.DateTimeField("评价时间")
    rectification_type = models.ForeignKey(ContentType, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    rectification_id = models.PositiveBigIntegerField(null=True, blank=True)
    rectification = GenericForeignKey("rectification_type", "rectification_id")

    class Meta:
        verbose_name = verbose_name_plural = "窗口评价"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="rating_created_idx"),
                   models.Index(fields=["clerk", "created_at"],
                                name="rating_clerk_idx")]

    def __str__(self):
        return f"{self.window} {self.get_level_display()}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("matters_rating:detail", args=[self.pk])

    @property
    def is_bad(self) -> bool:
        return self.level in self.BAD

    @property
    def reasons_display(self) -> str:
        return "、".join(self.reasons or [])
