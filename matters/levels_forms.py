"""The forms of the levels' verbs (送镇受理, 接收, 送县审批, 县级审批结果) and of the
county's phone chases and the 代办 hand-overs; field names match the services'
keywords."""

from django import forms
from django.utils import timezone

from servicecenter.forms import TransitionForm as Expected
from servicecenter.validators import validate_upload

from .models import Outcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _text(label, required=True, max_length=2000, initial=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=TEXT, initial=initial)


class SendToTownForm(Expected):
    opinion = _text("村受理意见", initial="经审核，申请材料属实，同意上报。")
    paper_sent = forms.BooleanField(label="纸质资料随件送出", required=False)


class ReceiveFromVillageForm(Expected):
    paper_received = forms.BooleanField(label="纸质资料已一并收到", required=False)


class SendToCountyForm(Expected):
    opinion = _text("镇审核意见", initial="经实地踏勘审查，符合条件，同意上报审批。")
    paper_sent = forms.BooleanField(label="纸质资料随件送出", required=False)


class CountyDecisionForm(Expected):
    outcome = forms.ChoiceField(label="县（区）审批结果", choices=Outcome.choices,
                                widget=forms.RadioSelect)
    decision_text = _text("审批决定内容")
    document = forms.FileField(label="县（区）批复文件（扫描件）", required=False)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            validate_upload(upload)
        return upload


class ChaseForm(forms.Form):
    on = forms.DateField(label="催办日期", widget=DATE, initial=timezone.localdate)
    contact = forms.CharField(label="联系对象", max_length=60)
    answer = forms.CharField(label="对方答复", max_length=1000, widget=TEXT)
    next_chase_on = forms.DateField(label="下次催办日期", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if data.get("on") and data["on"] > timezone.localdate():
            self.add_error("on", "催办日期不能晚于今天。")
        if data.get("on") and data.get("next_chase_on") and (
                data["next_chase_on"] < data["on"]):
            self.add_error("next_chase_on", "下次催办日期不能早于本次催办日期。")
        return data


class HandoverForm(forms.Form):
    from_person = forms.CharField(label="交出方", max_length=60)
    to_person = forms.CharField(label="接收方", max_length=60)
    what = forms.CharField(label="交接内容", max_length=200)
