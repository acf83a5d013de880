from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = "事项与办件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (  # noqa: F401
            setup,  # visibility, clock, sweep, 工作台
            setup_joint,  # 联办件: opinions, 超时默认, 工作台, report, demo
            setup_levels,  # levels (村 → 镇 → 县): 工作台, sweep, report, demo
            setup_rating,  # rating screens: nav, report, sweep
        )
        from .appointments import setup as _appointments  # noqa: F401  (预约)
