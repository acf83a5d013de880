"""The catalogue's use cases: a new item (its code by the rule) and a revision (a new
version; applications keep theirs)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from servicecenter.transitions import TransitionRefused

from ..codes import assign_code
from ..models import (
    ItemForm,
    ItemVersion,
    JointDepartment,
    Material,
    ServiceItem,
    Situation,
)
from ..models.levels import ItemLevel
from ..permissions import can_revise_item

ITEM_FIELDS = {"name", "department", "window", "approver", "is_active"}
VERSION_FIELDS = {f.name for f in ItemVersion._meta.concrete_fields} - {
    "id", "item", "number", "created_at", "created_by"}


def _check(obj):
    try:
        obj.full_clean(exclude=["item", "code"] if isinstance(obj, ItemVersion)
                       else ["current_version"])
    except ValidationError as exc:
        raise TransitionRefused("；".join(exc.messages)) from exc


def create_item(user, *, name, item_type, department, window=None, approver=None,
                **version_fields) -> ServiceItem:
    """A new item: its serial and code by the rule (62052400MZ-XK-0001) and its
    first version."""
    if not can_revise_item(user):
        raise TransitionRefused("只有主管可以维护事项目录。")
    with transaction.atomic():
        # one department's serials are handed out one at a time
        type(department).objects.select_for_update().get(pk=department.pk)
        item = ServiceItem(name=name, item_type=item_type, department=department,
                           window=window, approver=approver)
        try:
            assign_code(item)
        except ValidationError as exc:
            raise TransitionRefused("；".join(exc.messages)) from exc
        _check(item)
        item.save()
        version = ItemVersion(item=item, number=1, created_by=user, **version_fields)
        _check(version)
        version.save()
        item.current_version = version
        item.save(update_fields=["current_version"])
    return item


def _copy_children(old: ItemVersion, new: ItemVersion) -> dict:
    """Copy situations, materials and forms; returns {model: {old pk: copy}} so that
    an edit of the old rows (the admin's inlines) can be applied to the copies."""
    copied: dict = {Situation: {}, Material: {}, ItemForm: {}}
    for s in old.situations.all():
        copied[Situation][s.pk] = new.situations.create(name=s.name, order=s.order)
    for m in old.materials.prefetch_related("situations"):
        copy = Material.objects.create(
            version=new, name=m.name, form=m.form, copies=m.copies,
            required=m.required, waivable=m.waivable, note=m.note,
            template=m.template.name, order=m.order)
        copy.situations.set([copied[Situation][s.pk] for s in m.situations.all()])
        copied[Material][m.pk] = copy
    for f in old.forms.all():
        copied[ItemForm][f.pk] = ItemForm.objects.create(version=new, name=f.name,
                                                         file=f.file.name)
    copied[ItemLevel] = {}  # the chain of levels (村 → 镇 → 县)
    for lv in old.levels.all():
        copied[ItemLevel][lv.pk] = ItemLevel.objects.create(
            version=new, order=lv.order, level=lv.level, body=lv.body,
            limit_days=lv.limit_days, long_limit_days=lv.long_limit_days,
            long_reason=lv.long_reason,
            situation=copied[Situation].get(lv.situation_id))
    copied[JointDepartment] = {  # 并联审批: the consulted departments
        j.pk: JointDepartment.objects.create(
            version=new, department_id=j.department_id, limit_days=j.limit_days,
            subject=j.subject, order=j.order) for j in old.joint_departments.all()}
    return copied


def revise_item(item, user, *, change_note="", **changes) -> ItemVersion:
    """A new version of ``item`` with ``changes`` (version fields: limits, fees,
    legal basis, ...), its situations, materials and forms copied; it becomes the
    current version. Applications keep the version they were received under."""
    if not can_revise_item(user, item):
        raise TransitionRefused("只有主管可以维护事项目录。")
    unknown = set(changes) - VERSION_FIELDS
    if unknown:
        raise TransitionRefused("不能修订的字段：" + "、".join(sorted(unknown)))
    with transaction.atomic():
        locked = ServiceItem.objects.select_for_update().get(pk=item.pk)
        old = locked.current_version or locked.versions.order_by("-number").first()
        values = {f: getattr(old, f) for f in VERSION_FIELDS} if old else {}
        values.update(changes, change_note=change_note.strip())
        top = locked.versions.order_by("-number").values_list("number", flat=True)
        new = ItemVersion(item=locked, number=(top.first() or 0) + 1, created_by=user,
                          **values)
        _check(new)
        new.save()
        new.copied = _copy_children(old, new) if old is not None else {}
        locked.current_version = new
        locked.save(update_fields=["current_version"])
    item.current_version = new
    return new
