"""Managers' admin: lists, filters, history; transitions as actions via the services."""

from functools import partial

from django.contrib import admin

from servicecenter.admin_scale import (
    OverdueFilter,
    ScaledAdmin,
    form_action,
    reason_form,
    run_each,
)

from . import services
from .models import Extension, Petition
from .models.choices import State


@admin.register(Petition)
class PetitionAdmin(ScaledAdmin):
    list_display = ["number", "party", "subject", "channel", "category", "state",
                    "department", "handler", "received_at", "due_at"]
    list_filter = ["state", OverdueFilter, "channel", "category", "department",
                   ("received_at", admin.DateFieldListFilter)]
    search_fields = ["^number", "^party__name", "=party__phone"]  # admin_search.py
    list_select_related = ["party", "department", "handler"]
    raw_id_fields = ["party", "representatives", "duplicate_of", "related"]
    actions = ["sign_selected", "close_selected", "close_expired_selected"]
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
class ExtensionAdmin(ScaledAdmin):
    list_display = ["petition", "days", "state", "requested_by", "requested_at",
                    "decided_by"]
    list_filter = ["state"]
    search_fields = ["=petition__number"]
    list_select_related = ["petition", "requested_by", "decided_by"]
    actions = ["approve_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="批准所选延期申请（领导，填写批示意见）")
    def approve_selected(self, request, queryset):
        return form_action(self, request, queryset,
                           reason_form("批示意见", "note", required=False),
                           partial(services.decide_extension, approve=True),
                           "批准延期申请")
