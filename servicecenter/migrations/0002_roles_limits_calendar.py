"""Seed the role groups, the SPEC's default time limits and the 2004–2026 calendar."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from servicecenter.seeding import ensure_role_groups

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_role_groups(apps)


def seed_limits(apps, schema_editor):
    from servicecenter.seeding import ensure_time_limits

    ensure_time_limits(apps)


def seed_calendar(apps, schema_editor):
    from servicecenter.seeding import ensure_calendar

    ensure_calendar(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("servicecenter", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(seed_limits, migrations.RunPython.noop),
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
    ]
