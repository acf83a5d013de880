from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "技术服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # registrations (queue counts, party sections, demo data) of each half
        from . import setup_complaint, setup_service  # noqa: F401
