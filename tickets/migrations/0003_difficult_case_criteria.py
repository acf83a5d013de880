from django.db import migrations

CRITERIA = ["两次上门仍未解决", "超过办理时限", "涉及多个部门", "客户投诉", "影响范围大"]


def seed_criteria(apps, schema_editor):
    Criterion = apps.get_model("tickets", "DifficultCaseCriterion")
    for order, name in enumerate(CRITERIA):
        Criterion.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_revisit_script")]
    operations = [migrations.RunPython(seed_criteria, migrations.RunPython.noop)]
