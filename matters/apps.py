from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = "事项与办件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import setup  # noqa: F401  (visibility, clock, sweep, 工作台)
