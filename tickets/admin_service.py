"""Admin for service tickets and difficult cases: filters, history, CSV export and
transitions as actions through the same services as the pages (state is read-only)."""

import csv

from django.contrib import admin
from django.http import HttpResponse

from django import forms
from django.contrib.auth.models import User

from servicecenter.admin_scale import ScaledAdmin, form_action, role_user_filter, run_each
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


def export_csv(modeladmin, request, queryset, columns):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{modeladmin.opts.model_name}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([label for label, _ in columns])
    for obj in queryset[:50000]:
        writer.writerow([getter(obj) for _, getter in columns])
    return response


class OverdueFilter(admin.SimpleListFilter):
    title = "超期"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "已超期")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            from .service.queries import overdue_tickets

            return overdue_tickets(qs=queryset)
        return queryset


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
        label="改派给", queryset=User.objects.filter(groups__name="engineer", is_active=True)
        .order_by("username"))
    reason = forms.CharField(label="改派原因", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(ServiceTicket)
class ServiceTicketAdmin(ScaledAdmin):
    list_display = ["number", "party", "kind", "channel", "emergency", "state", "engineer",
                    "due_at", "created_at"]
    list_filter = ["state", OverdueFilter, "kind", "channel", "emergency", "priority",
                   role_user_filter("engineer", "engineer", "服务工程师"), "created_at"]
    search_fields = ["=number", "party__name", "=party__phone", "=contact_phone",
                     "contact_name"]
    list_select_related = ["party", "engineer"]
    inlines = [ContactLogInline, SparePartInline]
    actions = ["reassign_selected", "cancel_selected", "export_selected"]

    def has_add_permission(self, request):
        return False  # intake is the window's 新建任务单, which numbers and times it

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description="批量改派工程师（须填写原因）")
    def reassign_selected(self, request, queryset):
        return form_action(self, request, queryset, ReassignForm,
                           services.reassign_ticket, "批量改派")

    @admin.action(description="取消所选服务单（主管）")
    def cancel_selected(self, request, queryset):
        run_each(self, request, queryset, lambda t: services.cancel_ticket(
            t, request.user, reason="主管在管理后台取消"), "取消成功：{numbers}")

    @admin.action(description="导出所选为 CSV")
    def export_selected(self, request, queryset):
        return export_csv(self, request, queryset.select_related("party", "engineer"), [
            ("编号", lambda t: t.number), ("客户", lambda t: t.party.name),
            ("方式", lambda t: t.get_kind_display()), ("状态", lambda t: t.get_state_display()),
            ("工程师", lambda t: t.engineer or ""), ("期限", lambda t: t.due_at or ""),
            ("登记时间", lambda t: t.created_at),
        ])


@admin.register(DifficultCase)
class DifficultCaseAdmin(ScaledAdmin):
    list_display = ["number", "title", "source_number", "state", "level", "handler",
                    "created_at"]
    list_filter = ["state", "level", role_user_filter("handler", "engineer", "承办人"),
                   "created_at"]
    search_fields = ["=number", "title", "=source_number"]
    list_select_related = ["handler"]
    actions = ["archive_selected"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["criteria"]

    @admin.action(description="记录并归档所选案件")
    def archive_selected(self, request, queryset):
        run_each(self, request, queryset, lambda c: cases.archive_case(
            c, request.user, note="在管理后台归档"), "归档成功：{numbers}")


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(ScaledAdmin):
    list_display = ["party", "system", "interval_months", "engineer", "next_due",
                    "lead_days", "is_active"]
    list_filter = ["is_active", role_user_filter("engineer", "engineer", "服务工程师"),
                   "interval_months"]
    search_fields = ["party__name", "=party__phone", "system"]
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
