"""The 转交 and 来电/来访登记 forms: one picker for a window, department or person."""

from django import forms

from .handover_models import Enquiry
from .models import Department, Window
from .people import display_name

KINDS = {"w": Window, "d": Department, "u": None}  # None: a user


def target_choices(exclude_user=None) -> list:
    """Grouped choices ``w:<pk>`` / ``d:<pk>`` / ``u:<pk>`` for the one picker."""
    people = _pickable("u")
    if exclude_user is not None:
        people = people.exclude(pk=exclude_user.pk)
    return [
        ("", "请选择窗口、科室或人员"),
        ("窗口", [(f"w:{w.pk}", str(w)) for w in _pickable("w")]),
        ("科室", [(f"d:{d.pk}", d.name) for d in _pickable("d")]),
        ("人员", [(f"u:{u.pk}", display_name(u)) for u in people]),
    ]


def _pickable(kind):
    """What the picker offers: active windows and departments, staff members."""
    from .handover import staff_users

    if kind == "u":
        return staff_users()
    return KINDS[kind].objects.filter(is_active=True)


class TargetField(forms.ChoiceField):
    """Cleans to the chosen Window, Department or user."""

    default_error_messages = {
        "invalid_choice": "请从列表中选择窗口、科室或人员。",
        "required": "请选择转交给哪个窗口、科室或人员。",
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        kind, _, pk = value.partition(":")
        if kind not in KINDS or not pk.isdecimal() or len(pk) > 18:
            raise forms.ValidationError(self.error_messages["invalid_choice"])
        obj = _pickable(kind).filter(pk=int(pk)).first()
        if obj is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"])
        return obj

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"])

    def prepare_value(self, value):
        if isinstance(value, Window):
            return f"w:{value.pk}"
        if isinstance(value, Department):
            return f"d:{value.pk}"
        return f"u:{value.pk}" if hasattr(value, "pk") else value


def _valid_target(target, user):
    from .handover import target_people

    if target is None:
        return None
    people = [p for p in target_people(target) if p.pk != user.pk]
    if not people:
        raise forms.ValidationError("所选窗口/科室目前没有可接收的工作人员，请另选。")
    return target


class HandoverForm(forms.Form):
    target = TargetField(label="转交给")
    note = forms.CharField(label="转交说明", max_length=500, widget=forms.Textarea(
        attrs={"rows": 3, "placeholder": "为什么转交、已向群众说明了什么"}),
        error_messages={"required": "请填写转交说明。"})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["target"].choices = target_choices(user)

    def clean_target(self):
        return _valid_target(self.cleaned_data["target"], self.user)

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError("请填写转交说明。")
        return note


class RefuseForm(forms.Form):
    reason = forms.CharField(label="退回理由", max_length=500, widget=forms.Textarea(
        attrs={"rows": 3}), error_messages={"required": "请填写退回理由。"})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写退回理由。")
        return reason


class EnquiryForm(forms.ModelForm):
    """来电/来访登记: caller, phone, matter; an answer or whom it was passed to."""

    target = TargetField(label="转告", required=False)
    case_number = forms.CharField(label="已立案编号", max_length=20, required=False,
                                  help_text="已登记为信访、服务单、维修或投诉时填写编号")

    class Meta:
        model = Enquiry
        fields = ["channel", "caller", "phone", "matter", "answer"]
        widgets = {"channel": forms.RadioSelect,
                   "matter": forms.Textarea(attrs={"rows": 2}),
                   "answer": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"caller": {"required": "请填写来电/来访人姓名。"},
                          "matter": {"required": "请填写反映事项。"}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["target"].choices = target_choices(user)

    def clean_target(self):
        return _valid_target(self.cleaned_data.get("target"), self.user)

    def clean_case_number(self):
        from .enquiries import find_case

        number = self.cleaned_data["case_number"].strip().upper()
        if not number:
            return None
        case = find_case(number, self.user)
        if case is None:
            raise forms.ValidationError(
                f"未找到编号为「{number}」的记录（或您无权查看）。")
        return case

    def clean(self):
        data = super().clean()
        if not (data.get("answer", "").strip() or data.get("target")
                or data.get("case_number")):
            raise forms.ValidationError(
                "请填写答复情况，或选择转告给谁，或填写已立案编号。")
        return data
