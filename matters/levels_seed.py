"""The seeds' chains of levels (the 宅基地 guide's 办理期限), the 村代办员 group and the
levels' time limits: written by the migration and again as base data (idempotent)."""

from django.apps import apps as global_apps

ZHAIJIDI = "农村村民住宅用地与建设审批"
# (level, body, days, long days, long reason, situation or None)
ZHAIJIDI_CHAIN = [
    ("village", "村委会", 7, 15, "依法召开村民代表会议", None),
    ("town", "镇村镇规划建设服务中心、国土资源所（实地踏勘审查）", 5, None, "", None),
    ("town", "镇村镇规划建设服务中心、国土资源所（划定红线图）", 3, None, "", None),
    ("town", "镇人民政府（审核）", 5, None, "", None),
    ("county", "区建设局、区国土资源分局（备案）", 2, None, "", "翻建"),
    ("county", "区建设局（审批）", 5, None, "", "新建"),
    ("county", "区国土资源分局（审批）", 5, None, "", "新建"),
    ("county", "区人民政府（签署意见）", 5, None, "", "新建"),
    ("town", "镇人民政府（核发建设许可证、放样划定四至）", 1, None, "", None),
]
LIMITS = [
    ("town_receive", 1, "办件：村级送镇后镇中心接收"),
    ("paper", 3, "办件：纸质资料后送应到（自送出起）"),
    ("county_chase", 2, "办件：县级审批电话催办（送县后首次）"),
]


# managers keep the villages and the chains of levels in the admin
MANAGER_CODENAMES = ["view_village", "add_village", "change_village",
                     "view_itemlevel", "add_itemlevel", "change_itemlevel",
                     "delete_itemlevel", "view_applicationstage"]


def grant_managers(apps) -> None:
    """In the migration: the permissions exist only after post_migrate, so they are
    created here first (as 0004_manager_permissions does)."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("matters")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="manager")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="matters", codename__in=MANAGER_CODENAMES))


def seed_limits(apps=global_apps) -> None:
    TimeLimit = apps.get_model("servicecenter", "TimeLimit")
    for stage, amount, label in LIMITS:
        TimeLimit.objects.get_or_create(process="matter", stage=stage, defaults={
            "amount": amount, "unit": "working_days", "label": label})


def seed_group(apps=global_apps) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name="village")


def seed_levels(apps=global_apps) -> int:
    """The 宅基地 item's chain on its current version, if it has none yet."""
    ServiceItem = apps.get_model("matters", "ServiceItem")
    ItemLevel = apps.get_model("matters", "ItemLevel")
    item = ServiceItem.objects.filter(name=ZHAIJIDI).first()
    if item is None or item.current_version_id is None:
        return 0
    version_id = item.current_version_id
    if ItemLevel.objects.filter(version_id=version_id).exists():
        return 0
    situations = {s.name: s for s in apps.get_model("matters", "Situation").objects
                  .filter(version_id=version_id)}
    ItemLevel.objects.bulk_create([
        ItemLevel(version_id=version_id, order=i, level=level, body=body,
                  limit_days=days, long_limit_days=long, long_reason=reason,
                  situation=situations.get(only) if only else None)
        for i, (level, body, days, long, reason, only) in enumerate(ZHAIJIDI_CHAIN, 1)])
    return len(ZHAIJIDI_CHAIN)


def seed_all(apps=global_apps) -> None:
    seed_group(apps)
    seed_limits(apps)
    seed_levels(apps)
