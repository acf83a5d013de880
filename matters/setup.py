"""What matters contributes to the shared parts: visibility, the clock and its sweep,
工作台 items, deadline recompute and manager permissions."""

from servicecenter import registry


def _visibility():
    from . import queries
    from .models import Application, ApplicationExtension

    registry.register_visibility(Application, queries.visible_applications)
    registry.register_visibility(ApplicationExtension, queries.visible_extensions)


def _clocks():
    from .models import Application, ApplicationExtension

    registry.register_clock(Application, "办件", "matters:detail")
    registry.register_clock(ApplicationExtension, "办件延期", "matters:detail")


_visibility()
_clocks()
