"""What the rating screens contribute to the shared parts: the accountability
report's rating tables, the sweep's safety net for rectifications. (The screens'
page is linked from the 办件 list, not the menu, which must fit a 1024 px tablet.)
Imported by MattersConfig.ready()."""

from servicecenter import registry


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
