"""Admin for complaints and follow-up calls: state read-only, transitions as actions
through the same services as the pages."""

from django.contrib import admin

from servicecenter.admin_scale import (
    OverdueFilter,
    ScaledAdmin,
    export_selected,
    form_action,
    reason_form,
    run_each,
)

from .complaints import services
from .followups import cancel_revisit
from .models import Complaint, Revisit, RevisitAttempt, RevisitQuestion


@admin.register(Complaint)
class ComplaintAdmin(ScaledAdmin):
    list_display = ["number", "party", "subject", "source", "state", "responsible",
                    "received_at", "due_at"]
    list_filter = ["state", OverdueFilter, "source", "department", "received_at"]
    search_fields = ["^number", "^party__name", "=party__phone"]  # admin_search.py
    list_select_related = ["party", "responsible"]
    raw_id_fields = ["party", "responsible", "source_revisit"]
    readonly_fields = ["number", "state", "registered_by", "due_at", "due_provisional",
                       "rectify_due_at", "handled_at", "archived_at", "related_type",
                       "related_id", "source_revisit"]
    actions = ["report_to_leaders", "archive", export_selected]
    csv_fields = ["number", "source", "subject", "state", "received_at", "due_at"]

    def has_add_permission(self, request):
        return False  # registered at the window, through the service

    @admin.action(description="上报结果（须填写上报对象）")
    def report_to_leaders(self, request, queryset):
        return form_action(self, request, queryset,
                           reason_form("上报对象", "reported_to"),
                           services.report_complaint, "上报投诉处理结果")

    @admin.action(description="归档")
    def archive(self, request, queryset):
        run_each(self, request, queryset,
                 lambda c: services.archive_complaint(c, request.user),
                 "归档：{n} 条成功。")


class RevisitAttemptInline(admin.TabularInline):
    model = RevisitAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "band", "reached", "notes", "caller"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Revisit)
class RevisitAdmin(ScaledAdmin):
    list_display = ["number", "party", "kind", "state", "window_start", "window_end",
                    "attempts_count", "rating", "engineer", "department"]
    list_filter = ["state", OverdueFilter, "kind", "rating", "department",
                   "window_start"]
    search_fields = ["^number", "^party__name", "=party__phone"]
    list_select_related = ["party", "engineer", "department"]
    # newest first along the primary key: the model's (window_start, id) order has no
    # matching index and sorted the whole table for every page (28 ms at 1M)
    ordering = ["-id"]
    raw_id_fields = ["party", "engineer"]
    readonly_fields = ["number", "state", "kind", "record_type", "record_id",
                       "closed_at",
                       "window_provisional", "attempts_count", "last_band",
                       "last_attempt_at", "rating", "answers", "notes", "caller",
                       "completed_at", "cancel_reason", "created_by"]
    inlines = [RevisitAttemptInline]
    actions = ["cancel", export_selected]
    csv_fields = ["number", "kind", "state", "window_start", "window_end", "rating"]

    def has_add_permission(self, request):
        return False  # scheduled by closing a record, or planned by a manager

    @admin.action(description="取消回访（须填写原因）")
    def cancel(self, request, queryset):
        return form_action(self, request, queryset, reason_form("取消原因"),
                           cancel_revisit, "取消回访")


@admin.register(RevisitQuestion)
class RevisitQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["kind", "is_active"]
