from django.db import migrations


def seed(apps, schema_editor):
    from matters.catalogue_seed import seed_catalogue

    seed_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("matters", "0002_type_codes_limits")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
