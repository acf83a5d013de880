"""Benchmark targets of the managers' reports (``manage.py benchmark --only
dashboard``): the dashboard, once with its cached figures (the trends' closed
months) dropped before every request, as the first manager after a change waits
for them, and once as the following visits see it; the accountability report of
the current month (not cached)."""

from servicecenter.reports import closed_months

from .benchmark import Target, user_with_role

DASHBOARD, ACCOUNTABILITY = "/reports/dashboard/", "/reports/accountability/"


def _cold(url):
    def request(i):
        closed_months.bump()  # as a save dated in a closed month does
        return "GET", url, None
    return request


def targets(ctx):
    manager = user_with_role("manager")
    return [
        Target("dashboard (manager), cold", manager, _cold(DASHBOARD)),
        Target("dashboard (manager), warm", manager,
               lambda i: ("GET", DASHBOARD, None)),
        Target("dashboard accountability report (manager)", manager,
               lambda i: ("GET", ACCOUNTABILITY, None)),
    ]
