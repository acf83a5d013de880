from django.apps import AppConfig


class ServiceCenterConfig(AppConfig):
    name = "servicecenter"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # history extras, calendar cache, the file sources, the token sweeper,
        # the handovers' 工作台 rows
        from . import absences, files, handover_work, once, registry, signals  # noqa: F401

        # the 报表 navigation entry; the dashboard's cached closed months
        from .reports import closed_months, nav  # noqa: F401

        registry.register_sweeper(absences.notify_started)  # stand-in periods
        self._name_people()

    @staticmethod
    def _name_people():
        """Django prints a user by login name: the admin's columns, its change-form
        pickers, any ModelChoiceField left unlabelled, the history pages. Every user
        this site prints is a person, so by name (servicecenter.people)."""
        from django.contrib.auth import get_user_model

        from .people import display_name

        get_user_model().__str__ = display_name
