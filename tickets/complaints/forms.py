"""Forms for complaint registration, complaint transitions and follow-up calls."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from servicecenter import registry
from servicecenter.forms import TransitionForm
from servicecenter.models import Department, Party
from servicecenter.people import PersonChoiceField
from servicecenter.roles import ALL_ROLES

from ..models import Complaint, Revisit

TEXTAREA = forms.Textarea(attrs={"rows": 3})



class ComplaintRegisterForm(forms.Form):
    source = forms.ChoiceField(label="投诉来源", choices=[
        c for c in Complaint.Source.choices if c[0] != Complaint.Source.BAD_RATING])
    party_id = forms.IntegerField(label="投诉人", widget=forms.HiddenInput,
                                  error_messages={"required": "请先查找并选择投诉人。"})
    subject = forms.CharField(label="投诉事由", max_length=120)
    content = forms.CharField(label="投诉内容", widget=forms.Textarea)
    received_at = forms.DateTimeField(
        label="收到时间", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    related_ct = forms.IntegerField(required=False, widget=forms.HiddenInput)
    related_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_party_id(self):
        party = Party.objects.filter(pk=self.cleaned_data["party_id"]).first()
        if party is None:
            raise forms.ValidationError("所选投诉人不存在，请重新查找。")
        self.party = party
        return party.pk

    def clean(self):
        data = super().clean()
        self.related = None
        if any(n in self.errors for n in ("related_ct", "related_id")):  # hidden
            self.add_error(None, "关联的记录无效，请从原记录页面重新进入。")
        ct_id, obj_id = data.get("related_ct"), data.get("related_id")
        if ct_id and obj_id:
            self.related = self._related(ct_id, obj_id)
        return data

    def _related(self, ct_id, obj_id):
        """A process record (petition, ticket, repair, ...) this user may view; any
        other table, or a record hidden from the user, is refused alike."""
        ct = ContentType.objects.filter(pk=ct_id).first()
        model = ct.model_class() if ct else None
        qs = registry.visible(model, self.user) if model else None
        if qs is None:
            raise forms.ValidationError("投诉只能关联信访、服务单、维修等办件记录。")
        related = qs.filter(pk=obj_id).first()
        if related is None:
            raise forms.ValidationError("关联的记录不存在，或您无权查看。")
        return related


def staff_users():
    return (get_user_model().objects.filter(is_active=True, groups__name__in=ALL_ROLES)
            .distinct().order_by("first_name", "username"))


class AcceptForm(TransitionForm):
    truthfulness = forms.ChoiceField(label="真实性", choices=Complaint.Truth.choices,
                                     widget=forms.RadioSelect)
    reasonableness = forms.ChoiceField(label="合理性", choices=Complaint.Reason.choices,
                                       widget=forms.RadioSelect)
    responsible = PersonChoiceField(label="责任人", queryset=staff_users(),
                                    with_role=True)
    department = forms.ModelChoiceField(
        label="责任科室", required=False,
        queryset=Department.objects.filter(is_active=True))
    assessment = forms.CharField(label="受理意见", required=False, widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_users()


class RejectForm(TransitionForm):
    reason = forms.CharField(label="不予受理理由", widget=TEXTAREA)
    notified_how = forms.CharField(label="告知投诉人的方式", max_length=100,
                                   help_text="如：电话告知、当面告知、书面告知")


class HandleForm(TransitionForm):
    cause = forms.CharField(label="原因分析", widget=TEXTAREA)
    actions = forms.CharField(label="处理措施", widget=TEXTAREA)
    result = forms.CharField(label="处理结果", widget=TEXTAREA)


class ReportForm(TransitionForm):
    reported_to = forms.CharField(label="已反馈给（相关人员及主管领导）",
                                  max_length=200)


class ReopenForm(TransitionForm):
    reason = forms.CharField(label="重办原因", widget=TEXTAREA)


class ArchiveForm(TransitionForm):
    remark = forms.CharField(label="归档说明", required=False, widget=TEXTAREA)


class CallForm(TransitionForm):
    """One submit per call: reached or not, and when reached the rating and answers."""

    reached = forms.TypedChoiceField(
        label="是否接通", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "已接通"), ("no", "未接通")])
    rating = forms.TypedChoiceField(
        label="满意度评价", required=False, coerce=int, empty_value=None,
        widget=forms.RadioSelect, choices=Revisit.Rating.choices)
    notes = forms.CharField(label="回访记录", required=False, widget=TEXTAREA)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"q_{q.pk}"] = forms.CharField(
                label=q.text, required=False, max_length=500,
                widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean(self):
        data = super().clean()
        if data.get("reached") and not data.get("rating"):
            self.add_error("rating", "已接通的回访须选择满意度评价。")
        return data

    def answers(self) -> list[dict]:
        return [{"q": q.text, "a": self.cleaned_data.get(f"q_{q.pk}", "")}
                for q in self.questions]

    def answer_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]


class CancelForm(TransitionForm):
    reason = forms.CharField(label="取消原因", widget=TEXTAREA)


class PlanForm(forms.Form):
    parties = forms.ModelMultipleChoiceField(
        label="回访客户", queryset=Party.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一位客户。"})
    start = forms.DateField(label="回访起始日",
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="回访截止日",
                          widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="回访目的/说明", required=False, max_length=200)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = (candidates if candidates is not None
                                           else Party.objects.none())
