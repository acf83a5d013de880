from django.db import migrations

# Managers work in the admin: they see every service model, act on tickets and cases
# (actions go through the services) and keep maintenance plans and criteria.
CODENAMES = [
    "view_serviceticket", "change_serviceticket", "view_contactlog",
    "view_sparepartrecord", "view_signature", "view_maintenancerecord",
    "view_difficultcase", "change_difficultcase", "view_caseescalation",
    "view_maintenanceplan", "add_maintenanceplan", "change_maintenanceplan",
    "view_difficultcasecriterion", "add_difficultcasecriterion",
    "change_difficultcasecriterion",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("tickets")
    config.models_module = True  # permissions are created after migrate; make them now
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="manager")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="tickets", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_difficult_case_criteria"),
                    ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
