# Merges h/mpub's 0005_ratings with h/mcore's 0006 on h/mscale; drop it if the
# integrator renumbers instead.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matters", "0005_ratings"),
        ("matters", "0006_window_class_upward"),
    ]

    operations = []
