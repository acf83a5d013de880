from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "技术服务"
    default_auto_field = "django.db.models.BigAutoField"
