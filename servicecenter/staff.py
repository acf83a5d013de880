"""AB角 (SPEC 1.2, 1.12): each staff member's B colleague, and the periods a staff
member is absent. The rules that read them live in ``servicecenter.standin``."""

from django.conf import settings
from django.db import models


class StaffProfile(models.Model):
    """One staff member's standing settings: who stands in for them (B角)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff_profile", verbose_name="工作人员")
    backup = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="backup_for",
                               verbose_name="B角（代办人）")

    class Meta:
        verbose_name = verbose_name_plural = "AB角设置"

    def __str__(self):
        return str(self.user)

    def save(self, *args, **kwargs):
        from .standin import changed

        super().save(*args, **kwargs)
        changed()

    def clean(self):
        from .standin import backup_refusal

        message = backup_refusal(self.user, self.backup)
        if message:
            from django.core.exceptions import ValidationError

            raise ValidationError({"backup": message})


class Absence(models.Model):
    """A period (dates inclusive) when a staff member is away: their B acts for them.
    Ending it early (``ended_at``, the person is back) ends B's authority at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="absences", verbose_name="请假人")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    reason = models.CharField("事由", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    ended_at = models.DateTimeField("销假时间", null=True, blank=True)
    start_notified = models.BooleanField("已通知B角", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "请假登记"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["user", "ends_on"], name="absence_user_idx"),
                   models.Index(fields=["starts_on", "ends_on"],
                                name="absence_period_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")),
            name="absence_ends_after_start",
            violation_error_message="截止日期不能早于起始日期。")]

    def __str__(self):
        return f"{self.user} {self.starts_on:%m月%d日}至{self.ends_on:%m月%d日}"

    def save(self, *args, **kwargs):
        from .standin import changed

        super().save(*args, **kwargs)
        changed()
