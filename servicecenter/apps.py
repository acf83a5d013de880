from django.apps import AppConfig


class ServiceCenterConfig(AppConfig):
    name = "servicecenter"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # history extras, calendar cache, the attachment and document file sources
        from . import bench_targets, files, signals  # noqa: F401
        from .reports import nav  # noqa: F401  (the 报表 navigation entry)
