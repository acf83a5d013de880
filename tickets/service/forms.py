"""Forms for the window and the tablet. Each transition form carries the state the
user saw (``expected_state``) so a concurrent change is reported, not overwritten."""

from django import forms
from django.utils import timezone

from servicecenter.forms import PartyChoiceMixin, PartyForm
from servicecenter.forms import TransitionForm as SharedTransitionForm
from servicecenter.models import Party
from servicecenter.people import PersonChoiceField
from servicecenter.pickers import CandidateChoiceField
from servicecenter.roles import ENGINEER, role_users
from tickets.models import (
    ContactLog,
    DifficultCaseCriterion,
    MaintenancePlan,
    ServiceTicket,
)

from .case_levels import handler_candidates, level_label, next_level
from .queries import engineers_with_load

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"},
                               format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TicketForm(PartyChoiceMixin, forms.ModelForm):
    """技术服务任务单 at the window; the customer is picked or created inline."""

    class Meta:
        model = ServiceTicket
        fields = ["contact_name", "contact_phone", "kind", "channel", "emergency",
                  "priority", "system", "problem", "address"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channels = ServiceTicket.Channel
        self.fields["channel"].choices = [
            c for c in channels.choices if c[0] not in (channels.MAINTENANCE,
                                                        channels.SPECIAL)]


def party_for(ticket_form: TicketForm, party_form: PartyForm):
    """The chosen party, or the new one once its form is valid; None if neither."""
    pk = ticket_form.cleaned_data.get("party_id")
    if pk:
        return Party.objects.get(pk=pk)
    if party_form.is_valid():
        return party_form.save()
    return None


class EngineerChoice(CandidateChoiceField):
    """An engineer with their open tickets, or the day their leave ends."""


class TransitionForm(SharedTransitionForm):
    def __init__(self, *args, ticket=None, record=None, **kwargs):
        self.ticket = ticket or record
        super().__init__(*args, record=self.ticket, **kwargs)


class AssignForm(TransitionForm):
    engineer = EngineerChoice(label="服务工程师", queryset=None)
    appointment_at = forms.DateTimeField(label="预约上门时间", required=False,
                                         widget=DATETIME)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = engineers_with_load()
        plan = self.ticket and self.ticket.maintenance_plan
        if plan and not self.is_bound:
            self.initial.setdefault("engineer", plan.engineer_id)


class ReassignForm(AssignForm):
    reason = forms.CharField(label="改派原因", widget=forms.Textarea(attrs={"rows": 2}))


class StartForm(TransitionForm):
    started_at = forms.DateTimeField(label="开始/到场时间（不填为现在）",
                                     required=False,
                                     widget=DATETIME)


class ConvertForm(TransitionForm):
    reason = forms.CharField(label="远程未能解决的原因或客户要求",
                             widget=forms.Textarea(attrs={"rows": 3}))
    appointment_at = forms.DateTimeField(label="预约上门时间", widget=DATETIME)


class PartsForm(TransitionForm):
    part_name = forms.CharField(label="备件名称/型号", max_length=100)
    supplier = forms.CharField(label="供应商/合同号", max_length=100)
    expected_date = forms.DateField(label="预计到货日期", widget=DATE)


class PartsArrivedForm(TransitionForm):
    serial_number = forms.CharField(label="备件序列号", max_length=60)
    note = forms.CharField(label="安装、配置及测试", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(TransitionForm):
    reason = forms.CharField(label="原因/说明",
                             widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(TransitionForm):
    result = forms.CharField(label="处理结果", widget=forms.Textarea(attrs={"rows": 3}))
    fault_analysis = forms.CharField(label="问题分析", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    service_record = forms.CharField(label="服务记录（上门服务必填）", required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    signer_name = forms.CharField(label="签字人", max_length=50, required=False)
    signature_data = forms.CharField(widget=forms.HiddenInput, required=False)
    no_signature_reason = forms.CharField(label="客户未签字的原因（无签字时填写）",
                                          max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None and self.ticket.kind == ServiceTicket.Kind.REMOTE:
            for name in ("signer_name", "signature_data", "no_signature_reason"):
                del self.fields[name]
            self.fields["service_record"].label = "服务记录"
        elif self.ticket is not None and not self.is_bound:
            self.initial.setdefault("signer_name", self.ticket.contact_name)

    def clean(self):
        data = super().clean()
        if data.get("signature_data") and not data.get("signer_name"):
            self.add_error("signer_name", "请填写签字人姓名。")
        return data


class CloseForm(TransitionForm):
    confirmation = forms.CharField(label="与客户确认完结的情况",
                                   widget=forms.Textarea(attrs={"rows": 3}))
    phone_confirmation = forms.CharField(
        label="电话确认记录（客户未签字时必填：时间、接听人、确认内容）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactLog
        fields = ["at", "channel", "summary"]
        widgets = {"at": DATETIME, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].required = False
        self.fields["at"].help_text = "不填为现在"
        if not self.is_bound:
            self.initial["at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="照片", widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment"}))


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部")] + ServiceTicket.State.choices)
    kind = forms.ChoiceField(label="服务方式", required=False,
                             choices=[("", "全部")] + ServiceTicket.Kind.choices)
    engineer = PersonChoiceField(label="工程师", required=False, queryset=None,
                                 empty_label="全部")
    overdue = forms.BooleanField(label="仅超期", required=False)
    date_from = forms.DateField(label="登记日期从", required=False, widget=DATE)
    date_to = forms.DateField(label="至", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = role_users(ENGINEER)  # no load: a filter


class MaintenanceRecordForm(forms.Form):
    checklist = forms.CharField(label="维护项目及结果",
                                widget=forms.Textarea(attrs={"rows": 5}))
    findings = forms.CharField(label="发现的问题、分析及排除步骤", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    memo = forms.CharField(label="未能排除的问题（系统维护备忘录，将转专题服务）",
                           required=False, widget=forms.Textarea(attrs={"rows": 2}))
    customer_name = forms.CharField(label="客户签字人", max_length=50)
    customer_signature = forms.CharField(widget=forms.HiddenInput, required=False)
    engineer_signature = forms.CharField(widget=forms.HiddenInput, required=False)


class MaintenancePlanForm(PartyChoiceMixin, forms.ModelForm):
    """The customer is looked up as at intake (name, phone, ID number)."""

    class Meta:
        model = MaintenancePlan
        fields = ["system", "contents", "interval_months", "engineer",
                  "next_due", "lead_days", "is_active"]
        widgets = {"next_due": DATE, "contents": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"engineer": EngineerChoice}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = engineers_with_load()

    def clean(self):
        data = super().clean()
        if not data.get("party_id") and "party_id" not in self.errors:
            self.add_error(None, "请先查找并选择客户（电话、身份证号或姓名）。")
        return data

    def save(self, commit=True):
        self.instance.party = Party.objects.get(pk=self.cleaned_data["party_id"])
        return super().save(commit=commit)


# --- difficult cases ---------------------------------------------------------------

class CaseTransitionForm(SharedTransitionForm):
    """A difficult case's transition form knows the case and who is acting."""

    def __init__(self, *args, case=None, record=None, **kwargs):
        self.case = case or record
        super().__init__(*args, record=self.case, **kwargs)


class CaseOpenForm(CaseTransitionForm):
    criteria = forms.ModelMultipleChoiceField(
        label="符合的条件",
        queryset=DifficultCaseCriterion.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label="立案意见", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CaseNoteForm(CaseTransitionForm):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}))


class CaseAssignForm(CaseTransitionForm):
    handler = PersonChoiceField(label="负责人（服务工程师或科室经办人）", queryset=None,
                                with_role=True)
    earlier_records = forms.CharField(label="前期情况整理", required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_candidates()


class CaseEscalateForm(CaseTransitionForm):
    """Offers only the people of the next level up, never the person asking."""

    to_user = PersonChoiceField(label="请示对象", queryset=None, with_role=True)
    request = forms.CharField(label="请示事项",
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level, people = next_level(self.case, self.user)
        field = self.fields["to_user"]
        field.queryset = people
        if level is not None:
            field.label = f"请示对象（第 {level} 级：{level_label(level)}）"
        else:
            field.help_text = "没有可请示的上一级人员：请先设置科室负责人或所领导。"


class CaseDecideForm(CaseTransitionForm):
    decision = forms.CharField(label="决定", widget=forms.Textarea(attrs={"rows": 3}))


class CaseResolveForm(CaseTransitionForm):
    resolution = forms.CharField(label="处理结果",
                                 widget=forms.Textarea(attrs={"rows": 3}))
