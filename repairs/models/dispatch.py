from django.conf import settings
from django.db import models

from servicecenter.clock import ProcessClock
from servicecenter.files import RandomName
from servicecenter.models import history


class Vendor(models.Model):
    """An external repair station (外部维修站) with its contacts."""

    name = models.CharField("名称", max_length=100, unique=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    brands = models.CharField("维修品牌/范围", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    is_active = models.BooleanField("启用", default=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "外部维修单位"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ExternalDispatch(models.Model):
    """One send-out of a device to a vendor (对外送修); an order may have several."""

    class Result(models.TextChoices):
        PENDING = "pending", "外修中"
        REPAIRED = "repaired", "已修复"
        NOT_REPAIRED = "not_repaired", "未能修复"

    order = models.ForeignKey("repairs.RepairOrder", on_delete=models.PROTECT,
                              related_name="dispatches", verbose_name="维修单")
    seq = models.PositiveSmallIntegerField("送修次序")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT,
                               verbose_name="维修单位",
                               related_name="dispatches")
    contact_person = models.CharField("送修前联系人", max_length=50)
    contacted_at = models.DateTimeField("联系时间")
    contact_note = models.TextField("联系情况")
    handover_date = models.DateField("交接日期")
    receipt_no = models.CharField("取机凭据号", max_length=60)
    receipt_photo = models.FileField("取机凭据照片", upload_to=RandomName(
        "repairs/receipts", type_field="receipt_photo_type"))
    receipt_photo_name = models.CharField("凭据照片文件名", max_length=200, blank=True)
    receipt_photo_type = models.CharField("凭据照片类型", max_length=40, blank=True)
    expected_return = models.DateField("预计返回日期")
    next_followup_on = models.DateField("下次跟进日期", null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name="送修人")
    result = models.CharField("结果", max_length=20, choices=Result.choices,
                              default=Result.PENDING)
    # pending is open; the vendor is chased by follow-up dates, not by a time limit
    clock = ProcessClock(open=(Result.PENDING,),
                         responsible={Result.PENDING: "sent_by"},
                         state_field="result", due_field=None, overdue_field=None)
    vendor_report = models.TextField("维修单位报告", blank=True)
    returned_at = models.DateTimeField("取回时间", null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name="取回人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "对外送修"
        ordering = ["order", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["order", "seq"],
                                    name="dispatch_order_seq_uniq"),
        ]
        indexes = [
            models.Index(fields=["result", "next_followup_on"],
                         name="dispatch_followup_idx"),
            models.Index(fields=["vendor", "result"], name="dispatch_vendor_idx"),
        ]

    def __str__(self):
        return f"{self.order} 第{self.seq}次送修 {self.vendor}"

    @property
    def is_open(self) -> bool:
        return self.clock.is_open(self)


class DispatchFollowUp(models.Model):
    """Chasing the vendor (跟踪催促): who was called, what they said, when to
    call next."""

    dispatch = models.ForeignKey(ExternalDispatch, on_delete=models.PROTECT,
                                 related_name="followups", verbose_name="送修")
    on = models.DateField("跟进日期")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+", verbose_name="跟进人")
    contact = models.CharField("联系对象", max_length=60)
    answer = models.TextField("对方答复")
    next_followup_on = models.DateField("下次跟进日期", null=True, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "送修跟进"
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.dispatch} {self.on}"
