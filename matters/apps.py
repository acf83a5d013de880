from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = "事项与办件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (  # noqa: F401
            setup,  # visibility, clock, sweep, 工作台
            setup_rating,  # rating screens: nav, report, sweep
        )
        from .appointments import setup as _appointments  # noqa: F401  (预约)
