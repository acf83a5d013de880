from .roles import CLERK, MANAGER, has_role, is_staff_member


def can_view_party(user, party=None) -> bool:
    return is_staff_member(user)


def can_edit_party(user, party=None) -> bool:
    return has_role(user, CLERK, MANAGER) or getattr(user, "is_superuser", False)
