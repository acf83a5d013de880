from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from . import registry
from .notify import unread_count
from .roles import ROLE_LABELS, VILLAGE, has_role, user_roles

# The window's navigation; an entry appears once its app provides the URL.
WINDOW = ["clerk", "leader", "manager", "handler"]
BASE_NAV = [
    (0, "工作台", "home", None),
    (10, "信访", "petitions:list", WINDOW),
    (20, "服务单", "tickets:list", None),
    (30, "维修", "repairs:list", None),
    (40, "投诉", "tickets:complaint_list", ["clerk", "leader", "manager"]),
    (50, "回访", "tickets:revisit_list", ["clerk", "leader", "manager"]),
    (60, "来电来访", "enquiry_list", None),
]


def navigation(request):
    """The window's navigation, role labels and unread count, each worked out only
    when a template shows it (the admin's pages and the PDFs show none of them)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: _items(request, user)),
        "user_role_labels": SimpleLazyObject(
            lambda: [ROLE_LABELS[r] for r in sorted(user_roles(user))
                     if r in ROLE_LABELS]),
        "unread_notices": SimpleLazyObject(lambda: unread_count(user)),
    }


def _items(request, user) -> list[dict]:
    from .workqueue import last_count

    items = []
    village_only = user_roles(user) == {VILLAGE}  # 村代办员: their own entries only
    for _order, label, url_name, roles in sorted(BASE_NAV + registry.nav_items):
        if roles and not has_role(user, *roles):
            continue
        if village_only and not roles and url_name != "home":
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        matches = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": matches})
    # /tickets/revisits/ is 回访's, not 服务单's (/tickets/): the longest match wins
    longest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for i in items:
        i["active"] = i["active"] and len(i["url"]) == longest
    if items and items[0]["url"] == reverse("home"):
        items[0]["count"] = last_count(user)
    return items
