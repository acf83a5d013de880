"""Forms of the window's 办件 lists and of the extension (延期). The intake form is in
``matters.intake_forms``; the verbs' forms in ``matters.transition_forms``."""

from django import forms

from servicecenter.forms import TransitionForm as Expected
from servicecenter.models import Department

from .models import ServiceItem
from .models.choices import State

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
