"""The catalogue admin's 联办部门 inline on an item version (并联审批): editable on the
current version, copied to each new version like the materials."""

from django.contrib import admin

from .admin_catalogue import ItemVersionAdmin, _Editable
from .models import JointDepartment, JointOpinion


class JointDepartmentInline(_Editable, admin.TabularInline):
    model = JointDepartment
    fields = ["order", "department", "subject", "limit_days"]
    verbose_name = verbose_name_plural = "联办部门（并联审批，超时默认）"


if JointDepartmentInline not in ItemVersionAdmin.inlines:
    ItemVersionAdmin.inlines = [*ItemVersionAdmin.inlines, JointDepartmentInline]


@admin.register(JointOpinion)
class JointOpinionAdmin(admin.ModelAdmin):
    """Read-only: opinions are given on the record page and defaulted by the sweep."""

    list_display = ["application", "department", "state", "due_at", "answered_by",
                    "answered_at"]
    list_filter = ["state", "department"]
    search_fields = ["=application__number"]
    list_select_related = ["application__item", "department", "answered_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
