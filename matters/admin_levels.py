"""Village service points in the admin (managers): each village, its 联系科室 and its
村代办员. The chain of levels is edited on the item version (admin_catalogue's
ItemLevelInline). Registered by setup_levels."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from servicecenter.people import display_name
from servicecenter.roles import VILLAGE

from .models import Village


class StaffField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "town_department", "staff_names", "is_active"]
    list_filter = ["is_active", "town_department"]
    search_fields = ["=code", "name"]
    list_select_related = ["town_department"]
    fields = ["code", "name", "town_department", "staff", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("staff")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            return StaffField(
                queryset=get_user_model().objects.filter(
                    groups__name=VILLAGE, is_active=True).order_by("first_name"),
                required=False, label="村代办员",
                widget=forms.CheckboxSelectMultiple,
                help_text="角色为“村代办员”的用户；一名村代办员只看到本村的办件。")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="村代办员")
    def staff_names(self, obj):
        return "、".join(display_name(u) for u in obj.staff.all()) or "—"
