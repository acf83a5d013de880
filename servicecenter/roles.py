"""Roles are Django groups; these helpers are the only place that names them."""

CLERK = "clerk"
ENGINEER = "engineer"
HANDLER = "handler"
LEADER = "leader"
MANAGER = "manager"
# 村代办员: staff of a village service point (matters.Village), who see only their
# village's applications; not window staff (is_staff_member leaves them out)
VILLAGE = "village"

ROLE_LABELS = {
    CLERK: "窗口工作人员",
    ENGINEER: "服务工程师",
    HANDLER: "科室经办人",
    LEADER: "所领导",
    MANAGER: "主管",
    VILLAGE: "村代办员",
}
ALL_ROLES = (CLERK, ENGINEER, HANDLER, LEADER, MANAGER)  # the centre's own staff


def _per_request(user, attr: str, read) -> frozenset:
    """``read()`` as a frozenset, kept on the user object (one request's user) under
    ``attr``; nothing for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, attr, None)
    if cached is None:
        cached = frozenset(read())
        setattr(user, attr, cached)
    return cached


def user_roles(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request (the login
    backend fills it with the permissions: servicecenter.auth_backend)."""
    return _per_request(user, "_role_cache",
                        lambda: user.groups.values_list("name", flat=True))


def headed_department_ids(user) -> frozenset[int]:
    """The departments this user heads, cached on the user object for the request
    (工作台 asks for them in several apps' lists)."""
    return _per_request(user, "_headed_department_ids",
                        lambda: user.headed_departments.values_list("pk", flat=True))


def has_role(user, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user_roles(user) & set(roles))


def role_users(role: str):
    """The active users of one role, by name (form choices and filters)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by(
        "first_name", "username")


def is_staff_member(user) -> bool:
    return has_role(user, *ALL_ROLES) or getattr(user, "is_superuser", False)


def can_see_full_id_number(user) -> bool:
    """Clerks verify identity at the window; leaders and managers decide cases."""
    return has_role(user, CLERK, LEADER, MANAGER)
