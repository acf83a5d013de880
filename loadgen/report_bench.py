"""Benchmark targets of the managers' reports (``manage.py benchmark --only
dashboard``): the dashboard and the accountability report of the current month,
each once with its cached figures (the trends' closed months) dropped before every
request, as the first manager after a change waits for them, and once as the
following visits see it."""

from servicecenter.reports import closed_months

from .benchmark import Target, user_with_role

PAGES = (("dashboard (manager)", "/reports/dashboard/"),
         ("dashboard accountability (manager)", "/reports/accountability/"))


def _cold(url):
    def request(i):
        closed_months.bump()  # as a save dated in a closed month does
        return "GET", url, None
    return request


def targets(ctx):
    manager = user_with_role("manager")
    out = []
    for name, url in PAGES:
        out.append(Target(f"{name}, cold", manager, _cold(url)))
        out.append(Target(f"{name}, warm", manager, lambda i, u=url: ("GET", u, None)))
    return out
