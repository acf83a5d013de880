from servicecenter.roles import LEADER, MANAGER, has_role


def can_view_reports(user) -> bool:
    """Managers and leaders (and superusers) read the reports and the dashboard."""
    return bool(getattr(user, "is_superuser", False) and user.is_active) or has_role(
        user, MANAGER, LEADER)
