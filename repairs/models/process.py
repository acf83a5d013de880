from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class RepairLogEntry(models.Model):
    """One step in the Repair Process Record (产品维修过程记录); append-only."""

    order = models.ForeignKey("repairs.RepairOrder", on_delete=models.PROTECT,
                              related_name="log_entries", verbose_name="维修单")
    at = models.DateTimeField("时间", default=timezone.now)
    engineer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 verbose_name="工程师", related_name="+")
    action = models.TextField("维修操作")
    part_name = models.CharField("更换部件", max_length=100, blank=True)
    old_serial = models.CharField("旧件序列号", max_length=80, blank=True)
    new_serial = models.CharField("新件序列号", max_length=80, blank=True)
    result = models.CharField("结果", max_length=200, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "产品维修过程记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"], name="repairlog_order_at_idx")]

    def __str__(self):
        return f"{self.order_id} {self.at:%Y-%m-%d %H:%M} {self.action[:20]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("维修过程记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("维修过程记录只能追加，不能删除。")
