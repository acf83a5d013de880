"""预约 in the admin: the windows' booking rules are the centre office's data
(managers edit them); appointments are read only (every step is a transition on the
window's pages). Registered by appointments.setup."""

from django.contrib import admin

from servicecenter.admin_scale import ReadOnlyMixin, ScaledAdmin
from servicecenter.people import display_name

from ..models import Appointment, BookingRule


@admin.register(BookingRule)
class BookingRuleAdmin(admin.ModelAdmin):
    list_display = ["window", "slot_minutes", "capacity", "days_ahead", "is_active"]
    list_editable = ["slot_minutes", "capacity", "days_ahead", "is_active"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyMixin, ScaledAdmin):
    list_display = ["number", "starts_at", "window", "item", "party", "state",
                    "channel", "green_channel", "booker"]
    list_filter = ["state", "window", "green_channel", "channel", "starts_at"]
    list_select_related = ["window", "item", "party", "booked_by"]
    search_fields = ["number"]
    date_hierarchy = "starts_at"
    csv_fields = ["number", "starts_at", "ends_at", "window", "item", "state",
                  "channel", "green_channel"]

    @admin.display(description="登记人")
    def booker(self, obj):
        return display_name(obj.booked_by)
