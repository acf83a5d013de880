"""事项目录 in the admin: items, their versions with situations, materials and forms.

A published (启用) item's version is never changed in place: saving an edit of its
current version (limits, fees, materials, ...) makes the next version through
``services.revise_item`` and applies the edit to it, so applications keep the version
they were received under. A draft item (not yet 启用) is edited in place until it is
published. Old versions are read-only.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from servicecenter.transitions import TransitionError

from . import services
from .models import ItemForm, ItemVersion, Material, ServiceItem, Situation, TypeCode
from .models.levels import ItemLevel
from .services.catalogue import VERSION_FIELDS


@admin.register(TypeCode)
class TypeCodeAdmin(admin.ModelAdmin):
    list_display = ["item_type", "code"]

    def has_delete_permission(self, request, obj=None):
        return False


class _Editable:
    """Inline rows editable on the current version only."""

    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or _is_current(obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


def _is_current(version) -> bool:
    return version.item.current_version_id == version.pk


class SituationInline(_Editable, admin.TabularInline):
    model = Situation
    fields = ["name", "order"]


class MaterialInline(_Editable, admin.TabularInline):
    model = Material
    fields = ["order", "name", "form", "copies", "required", "waivable", "note",
              "template", "situations"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        version_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "situations" and version_id and version_id.isdigit():
            kwargs["queryset"] = Situation.objects.filter(version_id=int(version_id))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ItemFormInline(_Editable, admin.TabularInline):
    model = ItemForm
    fields = ["name", "file"]


class ItemLevelInline(_Editable, admin.TabularInline):
    """The chain of levels (村 → 镇 → 县) and each level's limit."""

    model = ItemLevel
    fields = ["order", "level", "body", "limit_days", "long_limit_days",
              "long_reason", "situation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        version_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "situation" and version_id and version_id.isdigit():
            kwargs["queryset"] = Situation.objects.filter(version_id=int(version_id))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    list_display = ["item", "number", "window_class", "limit_display", "fees",
                    "created_at", "created_by"]
    list_filter = ["window_class", "item__department"]
    search_fields = ["item__name", "=item__code"]
    list_select_related = ["item", "created_by"]
    readonly_fields = ["item", "number", "created_at", "created_by"]
    inlines = [SituationInline, MaterialInline, ItemFormInline, ItemLevelInline]

    def has_add_permission(self, request):
        return False  # a version comes from an item's creation or an edit

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        ok = super().has_change_permission(request, obj)
        return ok and (obj is None or _is_current(obj))

    def save_model(self, request, obj, form, change):
        if obj.item.is_active:  # published: the edit goes to a new version
            request._matters_revision = None
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "_matters_revision"):
            return super().save_related(request, form, formsets, change)
        if not form.has_changed() and not any(fs.has_changed() for fs in formsets):
            return None
        changes = {f: form.cleaned_data[f] for f in form.changed_data
                   if f in VERSION_FIELDS and f != "change_note"}
        try:
            new = services.revise_item(
                form.instance.item, request.user, **changes,
                change_note=form.cleaned_data.get("change_note") or "后台修订")
        except TransitionError as exc:
            messages.error(request, exc.message)
            return None
        for formset in formsets:
            _apply_to_copy(formset, new)
        request._matters_revision = new
        return None

    def response_change(self, request, obj):
        new = getattr(request, "_matters_revision", None)
        if new is None:
            return super().response_change(request, obj)
        self.message_user(request, f"已生成{new.item.name}第{new.number}版，"
                          "此前受理的办件仍按原版本办理。", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:matters_itemversion_change",
                                            args=[new.pk]))


def _apply_to_copy(formset, new):
    """Apply an inline formset's edit of the old version's rows to their copies in
    ``new`` (changed, added, deleted rows; a material's situations remapped)."""
    copies = new.copied.get(formset.model, {})
    situations = new.copied.get(Situation, {})
    for obj in formset.save(commit=False):
        old_pk = obj.pk
        obj.version = new
        if getattr(obj, "situation_id", None) in situations:  # ItemLevel
            obj.situation = situations[obj.situation_id]
        obj.pk = copies[old_pk].pk if old_pk in copies else None
        obj._state.adding = obj.pk is None
        obj.save()
    for obj in formset.deleted_objects:
        if obj.pk in copies:
            copies[obj.pk].delete()
    if formset.model is Material:
        for form in formset.forms:
            chosen = form.cleaned_data.get("situations") if form.has_changed() else None
            row = copies.get(form.instance.pk) if form.instance.pk else None
            if chosen is not None and row is not None and not form.cleaned_data.get(
                    "DELETE"):
                row.situations.set([situations.get(s.pk, s) for s in chosen])


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "item_type", "department", "window", "is_active",
                    "current_version"]
    list_filter = ["item_type", "department", "is_active"]
    search_fields = ["=code", "name"]
    list_select_related = ["department", "window", "current_version"]
    readonly_fields = ["code", "serial", "current_version", "created_at"]
    fields = ["code", "name", "item_type", "department", "window", "approver",
              "is_active", "serial", "current_version", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # type and department are in the code: fixed once the code is given
        return self.readonly_fields + (["item_type", "department"] if obj else [])

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form.clean = _check_new_item(form.clean)
        return form

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # a draft unless 启用 is ticked: the manager adds materials to its first
        # version, then publishes it
        created = services.create_item(
            request.user, name=obj.name, item_type=obj.item_type,
            department=obj.department, window=obj.window, approver=obj.approver,
            promised_limit_days=20, limit_note="自受理之日起20日内办结")
        ServiceItem.objects.filter(pk=created.pk).update(is_active=obj.is_active)
        obj.pk, obj.code, obj.serial = created.pk, created.code, created.serial
        obj.current_version = created.current_version


def _check_new_item(clean):
    """The code rule's inputs, checked before anything is saved (a Chinese message
    on the form, never a 500)."""
    from django.core.exceptions import ValidationError

    def checked(form):
        data = clean(form)
        department, item_type = data.get("department"), data.get("item_type")
        if department is not None and not department.abbr:
            raise ValidationError("请先在科室中填写2位拼音业务代码（如民政为MZ）。")
        if item_type and not TypeCode.objects.filter(item_type=item_type).exists():
            raise ValidationError("请先为该事项类型设置类型代码。")
        return data

    return checked
