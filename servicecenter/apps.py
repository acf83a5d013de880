from django.apps import AppConfig


class ServiceCenterConfig(AppConfig):
    name = "servicecenter"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import bench_targets, signals  # noqa: F401  (history extras, calendar cache)
        from .reports import nav  # noqa: F401  (the 报表 navigation entry)
