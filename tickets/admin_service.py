"""Admin for service tickets and difficult cases: filters, history, CSV export and
transitions as actions through the same services as the pages (state is read-only)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User

from servicecenter.admin_scale import (
    OverdueFilter,
    ScaledAdmin,
    export_selected,
    form_action,
    reason_form,
    role_user_filter,
)
from servicecenter.people import PersonChoiceField

from .models import (
    ContactLog,
    DifficultCase,
    DifficultCaseCriterion,
    MaintenancePlan,
    ServiceTicket,
    SparePartRecord,
)
from .service import cases, services
from .service.maintenance import sweep


class ContactLogInline(admin.TabularInline):
    model = ContactLog
    extra = 0
    can_delete = False
    fields = ["at", "channel", "summary", "author"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class SparePartInline(admin.TabularInline):
    model = SparePartRecord
    extra = 0
    can_delete = False
    fields = ["part_name", "supplier", "expected_date", "serial_number", "received_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReassignForm(forms.Form):
    engineer = PersonChoiceField(
        label="改派给",
        queryset=User.objects.filter(groups__name="engineer", is_active=True)
        .order_by("username"))
    reason = forms.CharField(label="改派原因", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(ServiceTicket)
class ServiceTicketAdmin(ScaledAdmin):
    list_display = ["number", "party", "kind", "channel", "emergency", "state",
                    "engineer",
                    "due_at", "created_at"]
    list_filter = ["state", OverdueFilter, "kind", "channel", "emergency", "priority",
                   role_user_filter("engineer", "engineer", "服务工程师"), "created_at"]
    search_fields = ["^number", "^party__name", "=party__phone"]  # admin_search.py
    list_select_related = ["party", "engineer"]
    inlines = [ContactLogInline, SparePartInline]
    actions = ["reassign_selected", "cancel_selected", export_selected]

    def has_add_permission(self, request):
        return False  # intake is the window's 新建任务单, which numbers and times it

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description="批量改派工程师（须填写原因）")
    def reassign_selected(self, request, queryset):
        return form_action(self, request, queryset, ReassignForm,
                           services.reassign_ticket, "批量改派")

    @admin.action(description="取消所选服务单（主管，须填写原因）")
    def cancel_selected(self, request, queryset):
        return form_action(self, request, queryset, reason_form("取消原因"),
                           services.cancel_ticket, "取消服务单")


@admin.register(DifficultCase)
class DifficultCaseAdmin(ScaledAdmin):
    list_display = ["number", "title", "source_number", "state", "level", "handler",
                    "created_at"]
    list_filter = ["state", "level", role_user_filter("handler", "engineer", "承办人"),
                   "created_at"]
    search_fields = ["^number", "=source_number"]
    list_select_related = ["handler"]
    actions = ["archive_selected"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["criteria"]

    @admin.action(description="记录并归档所选案件（须填写处理结论）")
    def archive_selected(self, request, queryset):
        return form_action(self, request, queryset, reason_form("处理结论", "note"),
                           cases.archive_case, "归档疑难案件")


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(ScaledAdmin):
    list_display = ["party", "system", "interval_months", "engineer", "next_due",
                    "lead_days", "is_active"]
    list_filter = ["is_active", role_user_filter("engineer", "engineer", "服务工程师"),
                   "interval_months"]
    search_fields = ["^party__name", "=party__phone"]
    list_select_related = ["party", "engineer"]
    raw_id_fields = ["party"]
    actions = ["sweep_now"]

    @admin.action(description="立即执行定期维护扫描（生成到期维护单）")
    def sweep_now(self, request, queryset):
        created = sweep()
        self.message_user(request, f"新生成 {len(created)} 张维护服务单。")


@admin.register(DifficultCaseCriterion)
class DifficultCaseCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
