"""事项目录: service items, their versions, situations, materials and forms.

An item's content lives in its versions: changing materials, limit or fee makes a new
version (``matters.services.revise_item``) and moves ``current_version``; an
application keeps the version it was received under, and its documents print that.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from servicecenter.files import RandomName
from servicecenter.models import Department, Window

from ..codes import validate_item_code
from .choices import ItemType, MaterialForm, WindowClass


class TypeCode(models.Model):
    """The item type's code in the item code (XK, DL, ...): data, not code."""

    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices,
                                 unique=True)
    code = models.CharField("类型代码", max_length=2, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "事项类型代码"
        ordering = ["item_type"]

    def __str__(self):
        return f"{self.get_item_type_display()}（{self.code}）"


class ServiceItem(models.Model):
    code = models.CharField("事项编码", max_length=20, unique=True,
                            validators=[validate_item_code])
    name = models.CharField("事项名称", max_length=100)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    department = models.ForeignKey(Department, verbose_name="承办机构",
                                   on_delete=models.PROTECT,
                                   related_name="service_items")
    window = models.ForeignKey(Window, verbose_name="受理窗口", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="service_items")
    # who approves (审核) besides the department's head, when the item names someone
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人",
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="approved_items")
    serial = models.PositiveSmallIntegerField("事项序号")
    is_active = models.BooleanField("启用", default=True)
    # 重点项目绿色通道制度 / 预约办理制: bookable outside office hours (leader approves)
    green_channel = models.BooleanField(
        "绿色通道", default=False,
        help_text="重点项目绿色通道：可在办公时间外（含节假日）预约，须领导批准。")
    current_version = models.ForeignKey("ItemVersion", verbose_name="现行版本",
                                        null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务事项"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["department", "item_type", "serial"],
                                    name="item_dept_type_serial_uniq"),
        ]
        indexes = [models.Index(fields=["department", "item_type"],
                                name="item_dept_type_idx")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from ..codes import check_item_code

        if self.code and self.department_id:
            check_item_code(self)


class ItemVersion(models.Model):
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.CASCADE,
                             related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    window_class = models.CharField("办件类型", max_length=12,
                                    choices=WindowClass.choices,
                                    default=WindowClass.PROMISED)
    same_day = models.BooleanField("当日办结（即办）", default=False)
    statutory_limit_days = models.PositiveSmallIntegerField(
        "法定时限（工作日）", null=True, blank=True)
    promised_limit_days = models.PositiveSmallIntegerField(
        "承诺时限（工作日）", null=True, blank=True)
    limit_note = models.CharField("时限说明", max_length=200, blank=True)
    extension_allowed = models.BooleanField("可延期", default=True)
    extension_days = models.PositiveSmallIntegerField("可延期天数（工作日）",
                                                      default=10)
    legal_basis = models.TextField("法律依据", blank=True)
    conditions = models.TextField("审批范围和条件", blank=True)
    steps = models.TextField("办事流程", blank=True, help_text="每行一个步骤。")
    fees = models.CharField("收费标准", max_length=200, blank=True,
                            default="不收费")
    fee_basis = models.TextField("收费依据", blank=True)
    rights = models.TextField("相对人权利", blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    address = models.CharField("受理地址", max_length=200, blank=True)
    change_note = models.CharField("修订说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修订人",
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "事项版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"],
                                    name="item_version_number_uniq"),
        ]

    def __str__(self):
        return f"{self.item.name} 第{self.number}版"

    def clean(self):
        if not self.same_day and not self.promised_limit_days:
            raise ValidationError("请填写承诺时限，或勾选当日办结。")
        if (self.statutory_limit_days and self.promised_limit_days
                and self.promised_limit_days > self.statutory_limit_days):
            raise ValidationError("承诺时限不得长于法定时限。")

    @property
    def limit_display(self) -> str:
        if self.same_day:
            return "当日办结"
        return f"{self.promised_limit_days}个工作日" if self.promised_limit_days else ""

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def materials_for(self, situation=None):
        """The materials of one situation: its own and those of every situation."""
        qs = self.materials.all()
        if situation is None:
            return qs.order_by("order", "id")
        return qs.filter(models.Q(situations=situation) | models.Q(situations=None)
                         ).distinct().order_by("order", "id")


class Situation(models.Model):
    """办理情形: a case of the item that changes its materials (翻建 / 新建)."""

    version = models.ForeignKey(ItemVersion, verbose_name="版本",
                                on_delete=models.CASCADE, related_name="situations")
    name = models.CharField("情形", max_length=60)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "办理情形"
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.name


class Material(models.Model):
    version = models.ForeignKey(ItemVersion, verbose_name="版本",
                                on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("形式", max_length=10, choices=MaterialForm.choices,
                            default=MaterialForm.ORIGINAL)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必需", default=True)
    waivable = models.BooleanField("可容缺", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    template = models.FileField("样表/模板", upload_to=RandomName("templates"),
                                blank=True)
    situations = models.ManyToManyField(Situation, verbose_name="适用情形", blank=True,
                                        related_name="materials",
                                        help_text="不选则适用于所有情形。")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "申报材料"
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.name


class ItemForm(models.Model):
    """A form (表格) the applicant downloads and fills in."""

    version = models.ForeignKey(ItemVersion, verbose_name="版本",
                                on_delete=models.CASCADE, related_name="forms")
    name = models.CharField("表格名称", max_length=200)
    file = models.FileField("文件", upload_to=RandomName("forms"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请表格"
        ordering = ["version", "id"]

    def __str__(self):
        return self.name
