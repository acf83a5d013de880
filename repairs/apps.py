from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = "维修"
    default_auto_field = "django.db.models.BigAutoField"
