"""Forms of the petition pages; field names match the service keywords."""

from django import forms
from django.utils import timezone

from servicecenter.forms import PartyChoiceMixin
from servicecenter.forms import TransitionForm as Expected
from servicecenter.models import Department, Party
from servicecenter.people import PersonChoiceField
from servicecenter.pickers import CandidateChoiceField, with_open_count
from servicecenter.roles import HANDLER, role_users
from servicecenter.validators import validate_phone, validate_upload

from .models import Petition
from .models.choices import (
    MAX_REPRESENTATIVES,
    Category,
    Channel,
    Outcome,
    ReviewDecision,
    Route,
    Satisfaction,
    State,
)

NAME_MAX = Party._meta.get_field("name").max_length
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class RegisterForm(PartyChoiceMixin, forms.Form):
    channel = forms.ChoiceField(label="信访形式", choices=Channel.choices)
    received_at = forms.DateTimeField(
        label="收到时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                 format="%Y-%m-%dT%H:%M"))
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    subject = forms.CharField(label="事由", max_length=120)
    content = forms.CharField(label="主要内容", widget=forms.Textarea)
    headcount = forms.IntegerField(label="人数", min_value=1, max_value=9999, initial=1)
    representatives = forms.CharField(
        label="其他代表（集体访，每行一人：姓名 电话）", required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label="地点/村", max_length=100, required=False)
    scan = forms.FileField(label="来信扫描件（PDF/JPEG/PNG/WebP，≤10MB）",
                           required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = (
            timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan is not None:
            validate_upload(scan)  # before anything is saved, not half-way
        return scan

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("收到时间不能晚于现在。")
        return value

    def clean_representatives(self):
        rows = []
        for line in self.cleaned_data.get("representatives", "").splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(f"“{line[:40]}”格式不对：请写“姓名 电话”。")
            name, phone = parts
            if len(name) > NAME_MAX:
                raise forms.ValidationError(f"代表姓名不能超过{NAME_MAX}个字。")
            try:
                validate_phone(phone)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"“{phone[:30]}”不是有效的电话号码。") from None
            rows.append((name, phone))
        if len(rows) + 1 > MAX_REPRESENTATIVES:
            raise forms.ValidationError(
                f"集体访推选的代表不得超过{MAX_REPRESENTATIVES}人（含信访人本人）。")
        return rows

    def clean(self):
        data = super().clean()
        if "party_id" in self.errors:  # hidden: say it above the form
            self.add_error(None, "所选信访人档案无效，请重新查询。")
        if data.get("representatives") and (data.get("headcount") or 1) < 5:
            self.add_error("representatives",
                           "不足5人的来访不设代表，请将其他人分别登记。")
        return data

    def representative_parties(self):
        parties = []
        for name, phone in self.cleaned_data["representatives"]:
            party = Party.objects.filter(phone=phone).first()
            parties.append(party or Party.objects.create(name=name, phone=phone))
        return parties



class DecideForm(Expected):
    """The leader's one-step decision on a registered petition, with the 批示."""

    decision = forms.ChoiceField(label="审批意见", widget=forms.RadioSelect, choices=[
        ("accept", "受理"), ("decline", "不予受理"), ("transfer", "转送")])
    instruction = forms.CharField(label="领导批示", widget=TEXT, required=False)
    department = forms.ModelChoiceField(label="承办科室", required=False,
                                        queryset=Department.objects.filter(is_active=True))
    handler = PersonChoiceField(label="承办人（揭发控告类必填）", required=False,
                                queryset=role_users(HANDLER))
    reason = forms.CharField(label="不予受理理由", widget=TEXT, required=False)
    route = forms.ChoiceField(label="告知途径", required=False,
                              choices=[("", "—")] + Route.choices)
    route_detail = forms.CharField(label="途径说明/有权机关", required=False,
                                   max_length=200)
    receiving_body = forms.CharField(label="转送机关", required=False, max_length=100)

    def clean(self):
        data = super().clean()
        need = {"accept": ["instruction", "department"], "decline": ["reason", "route"],
                "transfer": ["receiving_body"]}.get(data.get("decision"), [])
        for name in need:
            if not data.get(name):
                self.add_error(name, "此项必填。")
        return data


class ReassignForm(Expected):
    handler = CandidateChoiceField(label="改派给", queryset=None)
    reason = forms.CharField(label="改派原因", widget=TEXT)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        department = getattr(record, "department", None)
        users = role_users(HANDLER).filter(departments=department)
        self.fields["handler"].queryset = with_open_count(
            users, Petition, "handler", [State.ACCEPTED, State.IN_PROGRESS])


class MarkDuplicateForm(Expected):
    original = forms.CharField(label="原信访事项编号", max_length=20)

    def clean_original(self):
        number = self.cleaned_data["original"].strip().upper()
        original = Petition.objects.filter(number=number).first()
        if original is None:
            raise forms.ValidationError("没有这个编号的信访事项。")
        return original


class RemarkForm(Expected):
    remark = forms.CharField(label="备注", required=False, widget=TEXT)


class ReasonForm(Expected):
    reason = forms.CharField(label="理由", widget=TEXT)


class ReportResultForm(Expected):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices)
    facts = forms.CharField(label="事实和理由", widget=forms.Textarea)
    legal_basis = forms.CharField(label="法律政策依据", widget=TEXT)
    actions = forms.CharField(label="采取的措施", widget=TEXT, required=False)


class ReplyForm(Expected):
    method = forms.CharField(label="答复方式", max_length=40, initial="书面答复")
    replied_on = forms.DateField(label="答复日期", widget=DATE,
                                 initial=timezone.localdate)


class CloseForm(Expected):
    satisfaction = forms.ChoiceField(label="满意度", required=False,
                                     choices=[("", "未评价")] + Satisfaction.choices)


class ReviewRequestForm(Expected):
    requested_on = forms.DateField(label="申请日期", widget=DATE,
                                   initial=timezone.localdate)
    reviewing_body = forms.CharField(label="受理机关", max_length=100)


class ReviewRecordForm(Expected):
    decision = forms.ChoiceField(label="意见", choices=ReviewDecision.choices)
    opinion = forms.CharField(label="意见说明", widget=TEXT)


class ReviewRecordRedoForm(ReviewRecordForm):
    redo = forms.BooleanField(label="撤销或变更后须由原承办单位重新办理",
                              required=False)


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label="延期天数", min_value=1, max_value=30, initial=30)
    reason = forms.CharField(label="延期理由", widget=TEXT)


class ExtensionDecideForm(Expected):
    approve = forms.TypedChoiceField(label="审批", coerce=lambda v: v == "1",
                                     choices=[("1", "批准"), ("0", "不批准")])
    note = forms.CharField(label="审批意见", required=False)


class AttachForm(forms.Form):
    file = forms.FileField(label="上传附件（PDF/JPEG/PNG/WebP，≤10MB）")


class ListFilterForm(forms.Form):
    q = forms.CharField(label="编号/姓名/电话", required=False)
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部")] + State.choices)
    due = forms.ChoiceField(label="期限", required=False, choices=[
        ("", "全部"), ("overdue", "已超期"), ("soon", "即将到期")])
    channel = forms.ChoiceField(label="形式", required=False,
                                choices=[("", "全部")] + Channel.choices)
    department = forms.ModelChoiceField(label="承办科室", required=False,
                                        queryset=Department.objects.all())
    date_from = forms.DateField(label="收到自", required=False, widget=DATE)
    date_to = forms.DateField(label="至", required=False, widget=DATE)
