"""Managers keep the catalogue in the admin (事项目录) and read applications there
(changes to applications go through the admin's actions, i.e. the services)."""

from django.db import migrations

CATALOGUE = ["serviceitem", "itemversion", "situation", "material", "itemform",
             "typecode"]
CODENAMES = (
    [f"{verb}_{model}" for model in CATALOGUE for verb in ("view", "add", "change")]
    + ["view_application", "view_applicationmaterial", "view_specialstage",
       "view_applicationextension", "view_historicalapplication",
       "view_historicalapplicationextension"]
)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("matters")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="manager")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="matters", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("matters", "0003_catalogue"),
        ("servicecenter", "0002_roles_limits_calendar"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
