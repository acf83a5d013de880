"""Forms of the window's 办件 pages; a transition form's field names are the service's
keywords (``servicecenter.transition_views``). The intake form is in
``matters.intake_forms``."""

from django import forms
from django.utils import timezone

from servicecenter.forms import TransitionForm as Expected
from servicecenter.models import Department
from servicecenter.people import PersonChoiceField
from servicecenter.roles import HANDLER, role_users

from .intake_forms import MISSING
from .models import ServiceItem
from .models.choices import (
    DeliveryMethod,
    InformChannel,
    Outcome,
    StageKind,
    State,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ListFilterForm(forms.Form):
    q = forms.CharField(label="编号/电话/姓名", required=False, max_length=60,
                        widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部在办"), ("all", "全部"),
                                       *State.choices])
    item = forms.ModelChoiceField(label="事项", required=False,
                                  queryset=ServiceItem.objects.order_by("code"),
                                  empty_label="全部事项")
    overdue = forms.BooleanField(label="已超期", required=False)


class RefusalFilterForm(forms.Form):
    department = forms.ModelChoiceField(label="科室", required=False,
                                        queryset=Department.objects.order_by("name"),
                                        empty_label="全部科室")
    date_from = forms.DateField(label="收件自", required=False, widget=DATE)
    date_to = forms.DateField(label="至", required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data


class TransitionForm(Expected):
    """The state the user saw and an optional remark."""

    remark = forms.CharField(label="备注", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _materials(record):
    return list(record.materials.select_related("material").order_by(
        "material__order", "material_id")) if record is not None else []


class CorrectionForm(TransitionForm):
    """一次性告知: every missing or wrong material at once (``problems``: the
    application's material → what is wrong). The intake's problems are filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = _materials(self.record)
        for am in self.rows:
            self.fields[f"p{am.pk}"] = forms.CharField(
                label=am.material.name, required=False, max_length=200,
                initial=am.problem or (MISSING if am.material.required
                                       and not am.received else ""))

    def clean(self):
        data = super().clean()
        problems = {am.pk: data.get(f"p{am.pk}", "").strip() for am in self.rows}
        problems = {pk: text for pk, text in problems.items() if text}
        if not problems and not self.errors:
            raise forms.ValidationError("请至少填写一项缺少或有误的材料。")
        data["problems"] = problems
        for am in self.rows:
            data.pop(f"p{am.pk}", None)
        return data


class ResubmitForm(TransitionForm):
    """补正材料送达: the materials now received (``supplied``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [am for am in _materials(self.record) if am.problem]
        for am in self.rows:
            self.fields[f"s{am.pk}"] = forms.BooleanField(
                label=f"{am.material.name}（{am.problem}）", required=False)

    def clean(self):
        data = super().clean()
        data["supplied"] = [am for am in self.rows if data.pop(f"s{am.pk}", False)]
        if self.rows and not data["supplied"] and not self.errors:
            raise forms.ValidationError("请勾选已补正送达的材料。")
        return data


class WaiverForm(TransitionForm):
    """容缺受理: the applicant's written promise to supply the waived materials."""

    promised_by = forms.DateField(label="承诺补交日期", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owed = [am.material.name for am in _materials(self.record) if am.is_missing]
        self.fields["promised_by"].help_text = (
            "容缺材料：" + "、".join(owed) if owed else "")

    def clean_promised_by(self):
        value = self.cleaned_data["promised_by"]
        if value < timezone.localdate():
            raise forms.ValidationError("承诺补交日期不能早于今天。")
        return value


class RefuseForm(TransitionForm):
    reason = forms.CharField(label="不予受理理由", widget=TEXT, max_length=1000)
    basis = forms.CharField(label="法律依据", widget=TEXT, max_length=1000)
    remedy = forms.CharField(
        label="救济途径", widget=TEXT, max_length=1000,
        initial="如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，"
                "或者六个月内依法提起行政诉讼。")


class CompleteAtOnceForm(TransitionForm):
    decision_text = forms.CharField(label="办理结果", widget=TEXT, max_length=2000)


class TakeForm(TransitionForm):
    handler = PersonChoiceField(label="承办人", queryset=role_users(HANDLER))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and self.record is not None:
            department = self.record.department
            self.fields["handler"].queryset = role_users(HANDLER).filter(
                departments=department)
            if self.user in self.fields["handler"].queryset:
                self.fields["handler"].initial = self.user.pk


class PauseForm(TransitionForm):
    kind = forms.ChoiceField(label="特殊环节", choices=StageKind.choices)
    planned_days = forms.IntegerField(label="计划天数", min_value=1, max_value=365,
                                      initial=7)


class SubmitForm(TransitionForm):
    opinion = forms.CharField(label="承办意见", widget=TEXT, max_length=2000)


class ReasonForm(TransitionForm):
    reason = forms.CharField(label="退回理由", widget=TEXT, max_length=1000)


class DecideForm(TransitionForm):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices,
                                widget=forms.RadioSelect)
    decision_text = forms.CharField(label="决定内容", widget=TEXT, max_length=2000)


class InformForm(TransitionForm):
    inform_channel = forms.ChoiceField(label="告知方式", choices=InformChannel.choices)


class DeliverForm(TransitionForm):
    delivery_method = forms.ChoiceField(label="送达方式",
                                        choices=DeliveryMethod.choices)
    delivered_at = forms.DateTimeField(
        label="送达时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                 format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_at"].initial = timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M")

    def clean_delivered_at(self):
        value = self.cleaned_data["delivered_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("送达时间不能晚于现在。")
        return value


class WithdrawForm(TransitionForm):
    reason = forms.CharField(label="撤回原因", widget=TEXT, max_length=1000)


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=60, initial=10,
                              error_messages={"min_value": "延期天数至少1天。",
                                              "max_value": "延期天数不能超过60天。"})
    reason = forms.CharField(label="延期理由", widget=TEXT, max_length=1000)


class ExtensionDecideForm(Expected):
    approve = forms.TypedChoiceField(label="审批", widget=forms.RadioSelect,
                                     choices=[("1", "批准"), ("0", "不批准")],
                                     coerce=lambda v: v == "1")
    note = forms.CharField(label="审批意见", required=False, max_length=500)
