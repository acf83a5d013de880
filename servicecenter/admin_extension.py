"""The admin of an extension request (``servicecenter.extension.ExtensionRequest``):
one class for every process; an app names its decide service."""

from functools import partial

from django.contrib import admin

from .admin_scale import ScaledAdmin, form_action, reason_form


class ExtensionRequestAdmin(ScaledAdmin):
    """Read-only requests; leaders approve the selected ones through ``decide`` (the
    app's service: ``decide(extension, user, *, approve, note, expected_state)``)."""

    decide = None
    list_filter = ["state"]
    actions = ["approve_selected"]

    def __init__(self, model, admin_site):
        record = model.record_field  # petition, application, ...
        self.list_display = [record, "days", "state", "requested_by", "requested_at",
                             "decided_by"]
        self.search_fields = [f"={record}__number"]
        self.list_select_related = [record, "requested_by", "decided_by"]
        super().__init__(model, admin_site)

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
                           partial(type(self).decide, approve=True), "批准延期申请")
