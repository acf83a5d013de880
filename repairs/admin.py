"""Admin for managers: filters, history, and transitions as actions via the services."""

from django import forms
from django.contrib import admin

from servicecenter.admin_history import ReadableHistoryAdmin
from servicecenter.admin_scale import (
    BoundedListMixin,
    OverdueFilter,
    ReadOnlyMixin,
    ScaledAdmin,
    form_action,
    role_user_filter,
)
from servicecenter.pickers import CandidateChoiceField

from . import services
from .forms import engineers_with_load
from .models import (
    DispatchFollowUp,
    ExternalDispatch,
    RepairLogEntry,
    RepairOrder,
    Vendor,
)


class AssignActionForm(forms.Form):
    engineer = CandidateChoiceField(label="维修工程师", queryset=engineers_with_load())


class ReassignActionForm(AssignActionForm):
    reason = forms.CharField(label="改派原因", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ReasonActionForm(forms.Form):
    reason = forms.CharField(label="无法修复原因",
                             widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(RepairOrder)
class RepairOrderAdmin(ReadOnlyMixin, ScaledAdmin):
    """Read-only: intake happens at the window (repairs:intake) and every change is a
    transition, through the actions below or the pages."""

    list_display = ["number", "party", "device_label", "state", "engineer",
                    "current_vendor", "due_at", "received_at"]
    list_filter = ["state", OverdueFilter,
                   role_user_filter("engineer", "engineer", "维修工程师"),
                   "current_vendor", "warranty_status",
                   "route", "received_at"]
    search_fields = ["^number", "=serial_number", "^party__name", "=party__phone"]
    list_select_related = ["party", "engineer", "current_vendor"]
    actions = ["assign_action", "reassign_action", "declare_unrepairable_action"]

    @admin.display(description="设备")
    def device_label(self, obj):
        return obj.device_label

    @admin.action(description="派工（选择工程师）", permissions=["view"])
    def assign_action(self, request, queryset):
        return form_action(self, request, queryset, AssignActionForm,
                          services.assign_repair, "派工")

    @admin.action(description="改派工程师（须填写原因）", permissions=["view"])
    def reassign_action(self, request, queryset):
        return form_action(self, request, queryset, ReassignActionForm,
                          services.reassign_repair, "改派")

    @admin.action(description="判定无法修复", permissions=["view"])
    def declare_unrepairable_action(self, request, queryset):
        return form_action(self, request, queryset, ReasonActionForm,
                          services.declare_unrepairable, "判定无法修复")


class ReadOnlyAdmin(ReadOnlyMixin, BoundedListMixin, ReadableHistoryAdmin):
    pass


class FollowUpInline(admin.TabularInline):
    model = DispatchFollowUp
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FollowUpDueFilter(admin.SimpleListFilter):
    title = "跟进"
    parameter_name = "followup_due"

    def lookups(self, request, model_admin):
        return [("yes", "跟进已到期")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            from .queries import followup_due_dispatches

            return followup_due_dispatches(qs=queryset)
        return queryset


@admin.register(ExternalDispatch)
class ExternalDispatchAdmin(ReadOnlyAdmin):
    list_display = ["order", "seq", "vendor", "handover_date", "expected_return",
                    "next_followup_on", "result"]
    list_filter = ["result", FollowUpDueFilter, "vendor", "handover_date"]
    search_fields = ["=order__number", "=receipt_no", "vendor__name"]
    list_select_related = ["order", "vendor"]
    inlines = [FollowUpInline]


@admin.register(RepairLogEntry)
class RepairLogEntryAdmin(ReadOnlyMixin, BoundedListMixin, admin.ModelAdmin):
    list_display = ["order", "at", "engineer", "action", "part_name", "old_serial",
                    "new_serial", "result"]
    list_filter = ["engineer", "at"]
    search_fields = ["=order__number", "=old_serial", "=new_serial"]
    list_select_related = ["order", "engineer"]


@admin.register(Vendor)
class VendorAdmin(ReadableHistoryAdmin):
    list_display = ["name", "contact_person", "phone", "brands", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_person", "phone", "brands"]
