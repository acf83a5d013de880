"""What petitions contribute to the shared pages: 工作台 counts, party page, demo."""

from servicecenter import registry

from . import demo, queries

registry.register_queue_counts(queries.queue_counts)
registry.register_party_section(queries.party_section)
registry.register_demo_seeder(demo.seed)


def _visibility():
    from .models import Extension, Petition

    registry.register_visibility(Petition, queries.visible_petitions)
    registry.register_visibility(Extension, queries.visible_extensions)


_visibility()


def _deadline_specs():
    from .models import Extension, Petition

    registry.register_clock(Petition, "信访", "petitions:detail")
    registry.register_clock(Extension, "信访延期", "petitions:detail")


@registry.register_sweeper
def petition_auto_close(now):
    """Petitions replied more than 30 days ago with no review request: 已办结."""
    from .services import close_expired_petitions

    closed, skipped = close_expired_petitions(now)
    return {"auto_closed": closed, "skipped": skipped}


_deadline_specs()

from .workitems import petition_work_items  # noqa: E402

registry.register_work_items(petition_work_items)

from . import pdf  # noqa: E402,F401  (pdf registers the document issuers)


def _deadline_recompute():
    from .recompute import recompute_petitions

    registry.register_deadline_recompute(recompute_petitions)


_deadline_recompute()


def _manager_permissions():
    import importlib

    migration = importlib.import_module("petitions.migrations.0002_manager_permissions")
    registry.register_manager_permissions("petitions", migration.CODENAMES)


_manager_permissions()


def _handover():
    from .models import Petition

    registry.register_handover(Petition, holder="first_receiver", label="信访",
                               url_name="petitions:detail")


_handover()
