"""The forms of the application's verbs (``verbs.py``): field names match the service
keywords, so ``service(record, user, **form.cleaned_data)`` runs the verb."""

from django import forms
from django.utils import timezone

from servicecenter.forms import TransitionForm as Expected
from servicecenter.people import PersonChoiceField

from .models import DeliveryMethod, InformChannel, Outcome, StageKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _text(label, required=True, max_length=2000):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=TEXT)


class RemarkForm(Expected):
    remark = _text("备注", required=False)


class CorrectionForm(Expected):
    """一次性告知: one problem box per material of the application, listed at once."""

    note = _text("其他需告知的事项", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = self.record.materials.select_related("material") if self.record else []
        for row in rows:
            initial = row.problem or ("" if row.received else "未提交")
            self.fields[f"problem_{row.pk}"] = forms.CharField(
                label=row.material.name, required=False, max_length=200,
                initial=initial, help_text="留空表示该材料无问题")

    def clean(self):
        data = super().clean()
        problems = {int(name.removeprefix("problem_")): data.pop(name).strip()
                    for name in list(data) if name.startswith("problem_")}
        if not any(problems.values()):
            raise forms.ValidationError("请至少写明一项需补正的材料及问题。")
        data["problems"] = problems
        return data


class ResubmitForm(Expected):
    supplied = forms.ModelMultipleChoiceField(
        label="本次补齐的材料", queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = self.record.owed_materials() if self.record else None
        self.fields["supplied"].queryset = qs.select_related("material") if qs else qs
        self.fields["supplied"].label_from_instance = lambda row: row.material.name


class WaiverForm(Expected):
    promised_by = forms.DateField(label="申请人承诺补交日期", widget=DATE)

    def clean_promised_by(self):
        value = self.cleaned_data["promised_by"]
        if value < timezone.localdate():
            raise forms.ValidationError("承诺补交日期不能早于今天。")
        return value


class RefuseForm(Expected):
    reason = _text("不予受理理由")
    basis = _text("法律依据")
    remedy = _text("救济途径", max_length=1000)
    remedy.initial = ("如不服本决定，可自收到之日起六十日内申请行政复议，"
                      "或六个月内提起行政诉讼。")


class AtOnceForm(Expected):
    decision_text = _text("办结内容", required=False)


class TakeForm(Expected):
    handler = PersonChoiceField(label="承办人（留空为本人）", queryset=None,
                                required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dept = self.record.department if self.record else None
        self.fields["handler"].queryset = (
            dept.members.filter(is_active=True).order_by("first_name")
            if dept else self.fields["handler"].queryset)


class PauseForm(Expected):
    kind = forms.ChoiceField(label="特殊环节", choices=StageKind.choices)
    planned_days = forms.IntegerField(label="计划天数", min_value=1, max_value=365)
    note = forms.CharField(label="说明", max_length=200, required=False)


class OpinionForm(Expected):
    opinion = _text("承办意见")


class ReasonForm(Expected):
    reason = _text("理由")


class DecideForm(Expected):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices,
                                widget=forms.RadioSelect)
    decision_text = _text("决定内容")


class InformForm(Expected):
    inform_channel = forms.ChoiceField(label="告知方式", choices=InformChannel.choices)


class DeliverForm(Expected):
    delivery_method = forms.ChoiceField(label="送达方式",
                                        choices=DeliveryMethod.choices)
