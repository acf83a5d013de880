from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Model permissions the manager group gets for the admin (infrastructure, not business).
MANAGER_PERMISSIONS = [
    "view_repairorder", "view_repairlogentry", "view_externaldispatch",
    "view_dispatchfollowup", "view_vendor", "add_vendor", "change_vendor",
]


def grant_manager_permissions(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name="manager").first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="repairs", codename__in=MANAGER_PERMISSIONS))


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = "维修"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import setup  # noqa: F401  (registry hooks)

        post_migrate.connect(grant_manager_permissions, sender=self)
