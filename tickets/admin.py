from . import admin_complaint, admin_service  # noqa: F401
