from django.db import migrations


def seed(apps, schema_editor):
    from matters.catalogue_seed import ensure_type_codes
    from servicecenter.seeding import ensure_time_limits

    ensure_type_codes(apps)
    ensure_time_limits(apps)  # 办件：一次性告知 2个工作日, 办结告知 1个工作日


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial"),
                    ("servicecenter", "0012_department_abbr")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
