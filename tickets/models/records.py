"""A service ticket's contact log, spare-part records and signatures."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from servicecenter.files import RandomName
from servicecenter.models import history

from .service import USER, ServiceTicket

__all__ = ["ContactLog", "SparePartRecord", "Signature"]


class ContactLog(models.Model):
    """One contact with the customer (time, channel, summary). Append-only."""

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE,
                               related_name="contacts", verbose_name="服务单")
    at = models.DateTimeField("沟通时间")
    channel = models.CharField("方式", max_length=15,
                               choices=ServiceTicket.Channel.choices[:5])
    summary = models.TextField("沟通内容")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, verbose_name="记录人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "沟通记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_channel_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("沟通记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("沟通记录只能追加，不能删除。")


class SparePartRecord(models.Model):
    """备件服务记录: a part obtained under the vendor contract, installed and tested."""

    ticket = models.ForeignKey(ServiceTicket, on_delete=models.CASCADE,
                               related_name="parts", verbose_name="服务单")
    part_name = models.CharField("备件名称/型号", max_length=100)
    supplier = models.CharField("供应商/合同号", max_length=100)
    expected_date = models.DateField("预计到货日期")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    serial_number = models.CharField("备件序列号", max_length=60, blank=True)
    received_at = models.DateTimeField("到货时间", null=True, blank=True)
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                    blank=True,
                                    related_name="+", verbose_name="接收人")
    note = models.TextField("安装、配置及测试", blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "备件服务记录"
        ordering = ["requested_at", "id"]

    def __str__(self):
        return self.part_name


class Signature(models.Model):
    """A signature drawn on the tablet, stored as a PNG with the signer and time."""

    class Role(models.TextChoices):
        CUSTOMER = "customer", "客户"
        ENGINEER = "engineer", "服务工程师"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    role = models.CharField("签字方", max_length=10, choices=Role.choices)
    signer_name = models.CharField("签字人", max_length=50)
    signed_at = models.DateTimeField("签字时间")
    image = models.FileField("签名图像", upload_to=RandomName("signatures"))
    captured_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="采集人")

    class Meta:
        verbose_name = verbose_name_plural = "签名"
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="signature_record_idx")]

    def __str__(self):
        return f"{self.get_role_display()} {self.signer_name}"
