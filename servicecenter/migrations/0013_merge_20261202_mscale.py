# Merges main's 0012 (submit token index) with h/mcore's 0012 (Department.abbr) on
# h/mscale; drop it if the integrator renumbers one of them instead.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("servicecenter", "0012_department_abbr"),
        ("servicecenter", "0012_submit_token_created_idx"),
    ]

    operations = []
