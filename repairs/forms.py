from django import forms
from django.utils import timezone

from servicecenter.forms import PartyChoiceMixin
from servicecenter.forms import TransitionForm as SharedTransitionForm
from servicecenter.people import PersonChoiceField
from servicecenter.pickers import CandidateChoiceField, with_open_count
from servicecenter.roles import ENGINEER, role_users

from . import warranty
from .models import RepairOrder, Vendor
from .models.order import HELD_STATES, PICKUP_STATES, Route, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeForm(PartyChoiceMixin, forms.ModelForm):
    class Meta:
        model = RepairOrder
        fields = ["device_type", "brand", "model_name", "serial_number",
                  "purchase_date", "warranty_months", "manufacturer_warranty",
                  "accessories", "appearance", "configuration",
                  "fault_description"]
        widgets = {"purchase_date": DATE,
                   **{f: forms.Textarea(attrs={"rows": 2}) for f in
                      ["accessories", "appearance", "configuration",
                       "fault_description"]}}

    def cleaned_data_for_device(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}

    def clean_purchase_date(self):
        value = self.cleaned_data.get("purchase_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError("购机日期不能晚于今天。")
        return value


class TransitionForm(SharedTransitionForm):
    """Every transition form carries the state the user saw and an optional remark."""

    remark = forms.CharField(label="备注", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, order=None, record=None, **kwargs):
        self.order = order = order or record
        super().__init__(*args, record=order, **kwargs)
        if order is not None:
            self.fields["expected_state"].initial = order.state


def engineers():
    return role_users(ENGINEER)


def engineers_with_load():
    """Engineers with the orders they hold (the picker's 在办 count)."""
    return with_open_count(engineers(), RepairOrder, "engineer",
                           [s for s in HELD_STATES if s not in PICKUP_STATES])


class AssignForm(TransitionForm):
    engineer = CandidateChoiceField(label="维修工程师", queryset=engineers_with_load())


class ReassignForm(TransitionForm):
    engineer = CandidateChoiceField(label="改派给", queryset=engineers_with_load())
    reason = forms.CharField(label="改派原因", widget=forms.Textarea(attrs={"rows": 2}))


class DiagnoseForm(TransitionForm):
    diagnosis = forms.CharField(label="检测结论（故障）",
                                widget=forms.Textarea(attrs={"rows": 3}))
    warranty_status = forms.ChoiceField(label="保修状态",
                                        choices=warranty.STATUS_CHOICES)
    route = forms.ChoiceField(label="维修方式", choices=Route.choices,
                              widget=forms.RadioSelect)
    route_reason = forms.CharField(label="维修方式理由",
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (order := self.order) is not None:
            self.fields["warranty_status"].initial = order.computed_warranty(
                timezone.localdate())


class ReasonForm(TransitionForm):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(ReasonForm):
    device_returned = forms.BooleanField(label="设备及随机附件已退还客户",
                                         required=False)


class SendOutForm(TransitionForm):
    vendor = forms.ModelChoiceField(label="外部维修单位",
                                    queryset=Vendor.objects.filter(is_active=True))
    contact_person = forms.CharField(label="送修前联系的人", max_length=50)
    contact_note = forms.CharField(label="联系情况（已沟通并取得同意）",
                                   widget=forms.Textarea(attrs={"rows": 2}))
    handover_date = forms.DateField(label="交接日期", widget=DATE,
                                    initial=timezone.localdate)
    receipt_no = forms.CharField(label="取机凭据号", max_length=60)
    receipt_photo = forms.FileField(label="取机凭据照片",
                                    widget=forms.ClearableFileInput(
                                        attrs={"accept": "image/*",
                                               "capture": "environment"}))
    expected_return = forms.DateField(label="预计返回日期", widget=DATE)
    first_followup_on = forms.DateField(label="首次跟进日期", widget=DATE,
                                        required=False,
                                        help_text="不填则为预计返回日期")


class ReceiveBackForm(TransitionForm):
    repaired = forms.TypedChoiceField(label="外修结果", widget=forms.RadioSelect,
                                      choices=[("1", "已修复"), ("0", "未能修复")],
                                      coerce=lambda v: v == "1")
    vendor_report = forms.CharField(label="维修单位报告",
                                    widget=forms.Textarea(attrs={"rows": 3}))


class PassReinspectionForm(TransitionForm):
    checklist = forms.CharField(label="复检项目",
                                widget=forms.Textarea(attrs={"rows": 2}),
                                initial="开机自检、功能测试、外观与附件核对")
    result = forms.CharField(label="复检结果", widget=forms.Textarea(attrs={"rows": 2}))


class FailReinspectionForm(TransitionForm):
    failures = forms.CharField(label="不合格项",
                               widget=forms.Textarea(attrs={"rows": 3}))


class DeliverForm(TransitionForm):
    signer_name = forms.CharField(label="签收人姓名", max_length=50)
    confirmed = forms.BooleanField(label="客户已当面验收设备及随机附件", required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class LogEntryForm(forms.Form):
    action = forms.CharField(label="维修操作", widget=forms.Textarea(attrs={"rows": 2}))
    part_name = forms.CharField(label="更换部件", required=False, max_length=100)
    old_serial = forms.CharField(label="旧件序列号", required=False, max_length=80)
    new_serial = forms.CharField(label="新件序列号", required=False, max_length=80)
    result = forms.CharField(label="结果", required=False, max_length=200)


class PhotoForm(forms.Form):
    photo = forms.FileField(label="拍照/上传照片", widget=forms.ClearableFileInput(
        attrs={"accept": "image/*", "capture": "environment"}))


class FollowUpForm(forms.Form):
    on = forms.DateField(label="跟进日期", widget=DATE, initial=timezone.localdate)
    contact = forms.CharField(label="联系对象", max_length=60)
    answer = forms.CharField(label="对方答复", widget=forms.Textarea(attrs={"rows": 2}))
    next_followup_on = forms.DateField(label="下次跟进日期", widget=DATE,
                                       required=False)


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部在办"), ("all", "全部")] + [
                                  c for c in State.choices if c[0] != State.NEW])
    engineer = PersonChoiceField(label="工程师", queryset=engineers(), required=False)
    vendor = forms.ModelChoiceField(label="外修单位", queryset=Vendor.objects.all(),
                                    required=False)
    overdue = forms.BooleanField(label="已超期", required=False)
    followup_due = forms.BooleanField(label="送修待跟进", required=False)
    q = forms.CharField(label="编号/序列号", required=False, max_length=40)
