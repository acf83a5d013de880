"""Managers' admin for applications: lists, filters (state, 超期, 否定报备), search by
number and phone, history; transitions as actions through the services. The catalogue
is in admin_catalogue.py."""


from django import forms
from django.contrib import admin

from servicecenter.admin_extension import ExtensionRequestAdmin
from servicecenter.admin_scale import (
    OverdueFilter,
    ScaledAdmin,
    form_action,
    reason_form,
    run_each,
)

from . import (
    admin_catalogue,  # noqa: F401  (registers the catalogue)
    services,
)
from .models import (
    Application,
    ApplicationExtension,
    DeliveryMethod,
    InformChannel,
    Outcome,
    State,
)


class RefusalFilter(admin.SimpleListFilter):
    """否定报备: the refusals the centre office reviews."""

    title = "否定报备"
    parameter_name = "negative"

    def lookups(self, request, model_admin):
        return [("yes", "不予受理（否定报备）")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(state=State.REJECTED).order_by("-refused_at")
        return queryset


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", max_length=500)
    basis = forms.CharField(label="法律依据", max_length=500)
    remedy = forms.CharField(label="救济途径", max_length=500)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=Outcome.choices)
    decision_text = forms.CharField(label="决定内容", max_length=2000)


class InformForm(forms.Form):
    inform_channel = forms.ChoiceField(label="告知方式", choices=InformChannel.choices)


class DeliverForm(forms.Form):
    delivery_method = forms.ChoiceField(label="送达方式",
                                        choices=DeliveryMethod.choices)


class WaiverForm(forms.Form):
    promised_by = forms.DateField(label="承诺补交日期（YYYY-MM-DD）")


def _simple(service, done):
    """An action that runs a service needing no data on each selected record."""

    def action(modeladmin, request, queryset):
        run_each(modeladmin, request, queryset, lambda a: service(
            a, request.user, expected_state=a.state), done)

    return action


def _with_form(form_class, service, title):
    def action(modeladmin, request, queryset):
        return form_action(modeladmin, request, queryset, form_class, service, title)

    return action


ACTIONS = {
    "accept_selected": (_simple(services.accept_application, "受理：成功 {n} 件。"),
                        "受理所选（材料齐全）"),
    "accept_with_waiver_selected": (
        _with_form(WaiverForm, services.accept_with_waiver_application, "容缺受理"),
        "容缺受理所选"),
    "complete_at_once_selected": (_simple(services.complete_at_once_application,
                                          "即办办结：成功 {n} 件。"), "即办办结所选"),
    "refuse_selected": (_with_form(RefuseForm, services.refuse_application,
                                   "不予受理"), "不予受理所选（否定报备）"),
    "take_selected": (_simple(services.take_application, "承办：成功 {n} 件。"),
                      "承办所选（本人为承办科室经办人）"),
    "resume_selected": (_simple(services.resume_application, "特殊环节结束：{n} 件。"),
                        "结束所选的特殊环节"),
    "submit_selected": (_with_form(reason_form("承办意见", "opinion"),
                                   services.submit_application, "提交审核"),
                        "提交审核所选"),
    "send_back_selected": (_with_form(reason_form("退回理由"),
                                      services.send_back_application, "退回承办"),
                           "退回承办所选"),
    "decide_selected": (_with_form(DecideForm, services.decide_application,
                                   "审核办结"), "审核办结所选"),
    "inform_selected": (_with_form(InformForm, services.inform_application,
                                   "办结告知"), "办结告知所选"),
    "deliver_selected": (_with_form(DeliverForm, services.deliver_application,
                                    "送达"), "送达所选"),
    "withdraw_selected": (_with_form(reason_form("撤回理由"),
                                     services.withdraw_application, "撤回"),
                          "撤回所选（申请人申请）"),
}


@admin.register(Application)
class ApplicationAdmin(ScaledAdmin):
    list_display = ["number", "party", "item", "state", "department", "handler",
                    "received_at", "promised_due_at", "due_at", "marked_overdue"]
    list_filter = ["state", OverdueFilter, RefusalFilter, "channel", "department",
                   ("received_at", admin.DateFieldListFilter)]
    search_fields = ["^number", "^party__name", "=party__phone"]  # admin_search.py
    list_select_related = ["party", "item", "department", "handler"]
    raw_id_fields = ["party"]
    history_list_display = ["state", "history_remark"]
    actions = list(ACTIONS)

    def get_readonly_fields(self, request, obj=None):
        # every field: changes go through the transitions, never a raw edit
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False



for _name, (_func, _label) in ACTIONS.items():  # the actions, as the admin's methods
    setattr(ApplicationAdmin, _name, admin.action(description=_label)(_func))


@admin.register(ApplicationExtension)
class ApplicationExtensionAdmin(ExtensionRequestAdmin):
    decide = staticmethod(services.decide_extension_application)
