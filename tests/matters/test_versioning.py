"""Versioning: an edited item leaves accepted applications on their old version."""

import pytest
from django.urls import reverse

from matters import services
from matters.models import ItemVersion
from servicecenter.transitions import TransitionRefused

pytestmark = pytest.mark.django_db


def test_revision_leaves_accepted_applications_on_their_version(walk, clerk,
                                                                  manager):
    old = walk.item.current_version
    accepted = walk.accepted()
    new = services.revise_item(walk.item, manager, promised_limit_days=20,
                               fees="工本费10元", change_note="压缩时限")
    accepted.refresh_from_db()
    walk.item.refresh_from_db()
    assert accepted.version == old and old.promised_limit_days == 27
    assert walk.item.current_version == new and new.number == old.number + 1
    assert new.promised_limit_days == 20 and new.fees == "工本费10元"
    assert [m.name for m in new.materials_for()] == [m.name for m in
                                                     old.materials_for()]
    assert walk.receive().version == new  # a new application takes the new one


def test_revision_copies_situations_and_their_materials(manager):
    from tests.matters.factories import ZHAIJIDI, item

    zhaijidi = item(ZHAIJIDI)
    new = services.revise_item(zhaijidi, manager, change_note="复制")
    rebuild = new.situations.get(name="翻建")
    names = [m.name for m in new.materials_for(rebuild)]
    assert "旧房原始照片" in names and "拟新建位置处原始照片" not in names
    assert all(m.version == new for m in new.materials_for(rebuild))


def test_revision_refuses_unknown_fields_and_non_managers(walk, manager, clerk):
    with pytest.raises(TransitionRefused, match="不能修订"):
        services.revise_item(walk.item, manager, name="改名")
    with pytest.raises(TransitionRefused, match="主管"):
        services.revise_item(walk.item, clerk, fees="10元")


def test_admin_edit_of_a_material_makes_a_new_version(client, walk, manager):
    accepted = walk.accepted()
    old = walk.item.current_version
    client.force_login(manager)
    url = reverse("admin:matters_itemversion_change", args=[old.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page.context["adminform"].form,
                      page.context["inline_admin_formsets"])
    photo = old.materials.get(name="户主彩色1寸照片")
    index = list(old.materials.order_by("order", "id")).index(photo)
    data[f"materials-{index}-copies"] = "2"
    data["promised_limit_days"] = "25"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    walk.item.refresh_from_db()
    new = walk.item.current_version
    assert new.number == old.number + 1 and new.promised_limit_days == 25
    assert new.materials.get(name="户主彩色1寸照片").copies == 2
    assert old.materials.get(name="户主彩色1寸照片").copies == 1
    accepted.refresh_from_db()
    assert accepted.version == old
    assert ItemVersion.objects.filter(item=walk.item).count() == 2


def _form_data(form, inline_formsets) -> dict:
    """The admin change form's data as the browser would post it back."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = "on" if value is True else ("" if value is False else value)
        if value is False:
            data.pop(name)
    for inline in inline_formsets:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                key = f"{sub.prefix}-{name}"
                if name == "id" and sub.instance.pk:
                    data[key] = sub.instance.pk
                elif name == "situations":
                    data[key] = [s.pk for s in (value or [])]
                elif value is True:
                    data[key] = "on"
                elif value not in (None, False, ""):
                    data[key] = getattr(value, "pk", value)
                if name == "version":
                    data[key] = sub.instance.version_id
    return data
