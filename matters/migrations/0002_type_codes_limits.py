from django.db import migrations


def seed(apps, schema_editor):
    from matters.models.choices import DEFAULT_TYPE_CODES
    from servicecenter.seeding import ensure_time_limits

    TypeCode = apps.get_model("matters", "TypeCode")
    for item_type, code in DEFAULT_TYPE_CODES.items():
        TypeCode.objects.get_or_create(item_type=item_type, defaults={"code": code})
    ensure_time_limits(apps)  # 办件：一次性告知 2个工作日, 办结告知 1个工作日


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial"),
                    ("servicecenter", "0012_department_abbr")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
