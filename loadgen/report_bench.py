"""Benchmark targets of the managers' reports (``manage.py benchmark --only
dashboard``): the dashboard and the accountability report of the current month,
each once with its cached figures dropped before every request (what the first
manager after a change waits for) and once as the following visits see it."""

from django.core.cache import cache

from .benchmark import Target, user_with_role

PAGES = (("dashboard (manager)", "/reports/dashboard/"),
         ("dashboard accountability (manager)", "/reports/accountability/"))


def _cold(url):
    def request(i):
        cache.clear()
        return "GET", url, None
    return request


def targets(ctx):
    manager = user_with_role("manager")
    out = []
    for name, url in PAGES:
        out.append(Target(f"{name}, cold", manager, _cold(url)))
        out.append(Target(f"{name}, warm", manager, lambda i, u=url: ("GET", u, None)))
    return out
