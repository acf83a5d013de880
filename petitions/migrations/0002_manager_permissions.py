"""Managers read petitions and extensions in the admin (changes go through actions)."""

from django.db import migrations

CODENAMES = ["view_petition", "view_extension", "view_historicalpetition",
             "view_historicalextension"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="manager")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="petitions", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("servicecenter", "0002_roles_limits_calendar"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
