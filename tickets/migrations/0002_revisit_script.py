from django.db import migrations


def seed(apps, schema_editor):
    from tickets.revisit_script import ensure_manager_permissions, ensure_questions

    ensure_questions(apps)
    ensure_manager_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0001_initial"),
        ("servicecenter", "0002_roles_limits_calendar"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
