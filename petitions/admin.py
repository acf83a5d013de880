"""Managers' admin: lists, filters, history; transitions as actions via the services."""


from django import forms
from django.contrib import admin

from servicecenter.admin_extension import ExtensionRequestAdmin
from servicecenter.admin_scale import (
    OverdueFilter,
    ScaledAdmin,
    form_action,
    run_each,
)
from servicecenter.pickers import CandidateChoiceField, with_open_count
from servicecenter.roles import HANDLER, role_users

from . import services
from .models import Extension, Petition
from .models.choices import State


class ReassignActionForm(forms.Form):
    handler = CandidateChoiceField(label="改派给", queryset=with_open_count(
        role_users(HANDLER), Petition, "handler", [State.ACCEPTED, State.IN_PROGRESS]))
    reason = forms.CharField(label="改派原因", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Petition)
class PetitionAdmin(ScaledAdmin):
    list_display = ["number", "party", "subject", "channel", "category", "state",
                    "department", "handler", "received_at", "due_at"]
    list_filter = ["state", OverdueFilter, "channel", "category", "department",
                   ("received_at", admin.DateFieldListFilter)]
    search_fields = ["^number", "^party__name", "=party__phone"]  # admin_search.py
    list_select_related = ["party", "department", "handler"]
    raw_id_fields = ["party", "representatives", "duplicate_of", "related"]
    actions = ["sign_selected", "reassign_selected", "close_selected",
               "close_expired_selected"]
    history_list_display = ["state", "history_remark"]

    def get_readonly_fields(self, request, obj=None):
        # every field: changes go through the pages' transitions, never a raw edit
        fields = [f.name for f in self.model._meta.fields]
        return fields + ["representatives", "related"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="签收所选信访（本人为承办科室经办人）")
    def sign_selected(self, request, queryset):
        run_each(self, request, queryset, lambda p: services.sign_petition(
            p, request.user, expected_state=State.ACCEPTED), "签收：成功 {n} 件。")

    @admin.action(description="改派承办人（同一科室内，须填写原因）")
    def reassign_selected(self, request, queryset):
        return form_action(self, request, queryset, ReassignActionForm,
                           services.reassign_petition, "改派承办人")

    @admin.action(description="办结所选已答复的信访")
    def close_selected(self, request, queryset):
        run_each(self, request, queryset, lambda p: services.close_petition(
            p, request.user, expected_state=State.REPLIED), "办结：成功 {n} 件。")

    @admin.action(description="办结复查期满的所选信访（记为本人办结）")
    def close_expired_selected(self, request, queryset):
        # the manager who ran it is the history user, not 系统: it was their decision
        run_each(self, request, queryset, lambda p: services.close_petition(
            p, request.user, expected_state=State.REPLIED,
            remark=services.SWEEP_REMARK), "自动办结：成功 {n} 件。")


@admin.register(Extension)
class ExtensionAdmin(ExtensionRequestAdmin):
    decide = staticmethod(services.decide_extension)
