"""The window ratings in the admin, read only: a rating is the citizen's, never
edited; a screen is paired and revoked from the staff page (matters_rating:windows),
never here, so the admin never shows or sets a token. Registered by setup_rating."""

from django.contrib import admin

from servicecenter.admin_scale import ReadOnlyMixin, ScaledAdmin
from servicecenter.people import display_name

from .models.rating import Rating, RatingScreen


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, ScaledAdmin):
    list_display = ["created_at", "window", "clerk_name", "level", "reasons_display",
                    "application", "rectification_label"]
    list_filter = ["level", "window", "department", "created_at"]
    list_select_related = ["window", "clerk", "application"]
    date_hierarchy = "created_at"
    csv_fields = ["created_at", "window", "clerk", "department", "level", "reasons",
                  "note", "application"]

    @admin.display(description="工作人员")
    def clerk_name(self, obj):
        return display_name(obj.clerk)

    @admin.display(description="整改（投诉）")
    def rectification_label(self, obj):
        return str(obj.rectification) if obj.rectification_id else "—"


@admin.register(RatingScreen)
class RatingScreenAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["window", "paired_at", "paired_by_name", "last_seen_at"]
    exclude = ["token_hash"]

    @admin.display(description="配对人")
    def paired_by_name(self, obj):
        return display_name(obj.paired_by)
