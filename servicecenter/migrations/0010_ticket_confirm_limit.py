from django.db import migrations


def seed_limits(apps, schema_editor):
    # the new row (服务单：完结确认); existing limits are left as managers set them
    from servicecenter.seeding import ensure_time_limits

    ensure_time_limits(apps)


class Migration(migrations.Migration):
    dependencies = [("servicecenter", "0009_office_hours")]

    operations = [migrations.RunPython(seed_limits, migrations.RunPython.noop)]
