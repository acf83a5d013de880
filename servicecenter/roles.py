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


def user_roles(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_cache = cached
    return cached


def headed_department_ids(user) -> frozenset[int]:
    """The departments this user heads, cached on the user object for the request
    (工作台 asks for them in several apps' lists)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_headed_department_ids", None)
    if cached is None:
        cached = frozenset(user.headed_departments.values_list("pk", flat=True))
        user._headed_department_ids = cached
    return cached


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
