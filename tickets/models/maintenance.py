"""定期服务计划 (maintenance plans) and the record of each maintenance visit."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from servicecenter.models import Party, history

from .service import USER, ServiceTicket

__all__ = ["MaintenancePlan", "MaintenanceRecord"]


class MaintenancePlan(models.Model):
    """定期服务计划: a system maintained onsite at an agreed interval."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="客户",
                              related_name="maintenance_plans")
    system = models.CharField("系统", max_length=100)
    contents = models.TextField("维护内容", help_text="每行一项，维护时逐项检查。")
    interval_months = models.PositiveSmallIntegerField("周期（月）", default=3)
    engineer = models.ForeignKey(USER, on_delete=models.PROTECT,
                                 verbose_name="服务工程师",
                                 related_name="maintenance_plans")
    next_due = models.DateField("下次维护日期")
    lead_days = models.PositiveSmallIntegerField(
        "提前生成（天）", default=7, validators=[MaxValueValidator(60)])
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("建立时间", auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "定期维护计划"
        ordering = ["next_due", "id"]
        indexes = [models.Index(fields=["is_active", "next_due"], name="plan_due_idx")]

    def __str__(self):
        return f"{self.party} · {self.system}"

    def clean(self):
        if self.interval_months < 1:
            raise ValidationError("维护周期至少为 1 个月。")

    def content_items(self) -> list[str]:
        return [line.strip() for line in self.contents.splitlines() if line.strip()]

    def following_due(self) -> datetime.date:
        month = self.next_due.month - 1 + self.interval_months
        year, month = self.next_due.year + month // 12, month % 12 + 1
        for day in (self.next_due.day, 30, 29, 28):
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")


class MaintenanceRecord(models.Model):
    """系统维护记录表, signed by the customer and the engineer; an unfixed problem is
    the 系统维护备忘录 and becomes a special-service ticket."""

    ticket = models.OneToOneField(ServiceTicket, on_delete=models.CASCADE,
                                  related_name="maintenance_record",
                                  verbose_name="服务单")
    checklist = models.TextField("维护项目及结果")
    findings = models.TextField("发现的问题、分析及排除步骤", blank=True)
    memo = models.TextField("未能排除的问题（系统维护备忘录）", blank=True)
    special_ticket = models.ForeignKey(ServiceTicket, on_delete=models.PROTECT,
                                       null=True,
                                       blank=True, related_name="+",
                                       verbose_name="专题服务单")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "系统维护记录表"

    def __str__(self):
        return f"{self.ticket.number} 维护记录"
