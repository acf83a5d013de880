"""What the rating screens contribute to the shared parts: the navigation entry, the
accountability report's rating tables, the sweep's safety net for rectifications.
Imported by MattersConfig.ready()."""

from servicecenter import registry
from servicecenter.roles import CLERK, MANAGER

registry.register_nav(58, "窗口评价", "matters_rating:windows", roles=[CLERK, MANAGER])


@registry.register_report_section
def rating_sections(start, end):
    from .rating_report import rating_sections

    return rating_sections(start, end)


@registry.register_sweeper
def unrectified_ratings(now):
    from .ratings import unrectified_ratings

    return unrectified_ratings(now)


def _admin_and_permissions():
    from . import admin_rating  # noqa: F401  (read-only lists of ratings and screens)

    registry.register_manager_permissions("matters", ["view_rating",
                                                      "view_ratingscreen"])


_admin_and_permissions()
