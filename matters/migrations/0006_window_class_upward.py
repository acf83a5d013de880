from django.db import migrations, models


def upward(apps, schema_editor):
    # 上报件 was stored as "reported", which is also a complaint's state
    ItemVersion = apps.get_model("matters", "ItemVersion")
    ItemVersion.objects.filter(window_class="reported").update(window_class="upward")


class Migration(migrations.Migration):

    dependencies = [
        ('matters', '0004_manager_permissions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='itemversion',
            name='window_class',
            field=models.CharField(choices=[('immediate', '即办件'), ('promised', '承诺件'), ('joint', '联办件'), ('upward', '上报件')], default='promised', max_length=12, verbose_name='办件类型'),
        ),
        migrations.RunPython(upward, migrations.RunPython.noop),
    ]
