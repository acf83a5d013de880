from django.contrib import admin
from django.db import transaction

from . import recompute
from .admin_scale import BoundedListMixin, ReadOnlyMixin, ScaledAdmin
from .models import (
    Attachment,
    CalendarDay,
    CalendarYear,
    Department,
    IssuedDocument,
    Notification,
    OfficeHours,
    Party,
    SerialCounter,
    TimeLimit,
    Window,
)


@admin.register(Party)
class PartyAdmin(ScaledAdmin):
    list_display = ["name", "kind", "phone", "masked_id", "village", "created_at"]
    list_filter = ["kind"]
    search_fields = ["=phone", "=phone2", "=id_number", "^name"]
    csv_fields = ["id", "name", "kind", "phone", "village", "created_at"]

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return obj.masked_id_number


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "abbr", "head", "is_active"]
    filter_horizontal = ["members"]
    raw_id_fields = ["head"]


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "department", "is_active"]
    list_filter = ["is_active", "department"]
    filter_horizontal = ["staff"]


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["process", "stage", "label", "amount", "unit"]
    list_editable = ["amount", "unit"]
    list_filter = ["process", "unit"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Saving a year confirms it: enter its 节假日与调休 days first. Once committed,
    the open records' provisional deadlines that fall in it are recomputed."""

    list_display = ["year", "source"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: self._recompute(request, obj.year))

    def _recompute(self, request, year):
        changed = recompute.recompute_year(year)
        self.message_user(request,
                          f"已按{year}年的节假日与调休重算{changed}条暂定时限。")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    """作息时间 per season: working-hour limits count only these hours."""

    list_display = ["name", "start_month", "start_day", "end_month", "end_day",
                    "morning_start", "morning_end", "afternoon_start", "afternoon_end"]
    list_editable = ["morning_start", "morning_end", "afternoon_start", "afternoon_end"]


class ReadOnlyAdmin(ReadOnlyMixin, BoundedListMixin, admin.ModelAdmin):
    pass


@admin.register(SerialCounter)
class SerialCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "year", "value"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "content_type", "object_id", "uploaded_by",
                    "uploaded_at"]
    list_select_related = ["content_type", "uploaded_by"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "doc_type", "content_type", "object_id", "issued_by",
                    "issued_at"]
    list_select_related = ["content_type", "issued_by"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "title", "recipient", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
