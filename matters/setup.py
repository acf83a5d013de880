"""What matters contributes to the shared parts: visibility, the clock and its sweep,
工作台 items, the party page, deadline recompute, manager permissions and the
catalogue as base data."""

import importlib
import importlib.util

from servicecenter import registry


def _visibility():
    from . import queries
    from .models import Application, ApplicationExtension, ApplicationMaterial

    registry.register_visibility(Application, queries.visible_applications)
    registry.register_visibility(ApplicationExtension, queries.visible_extensions)
    # scans are Attachments of an ApplicationMaterial: they follow the application
    registry.register_visibility(ApplicationMaterial, lambda user: (
        ApplicationMaterial.objects.filter(
            application__in=queries.visible_applications(user))))


def _clocks():
    from .models import Application, ApplicationExtension
    from .sweep import chase_waivers

    registry.register_clock(Application, "办件", "matters:detail")
    registry.register_clock(ApplicationExtension, "办件延期", "matters:detail")
    registry.register_sweeper(chase_waivers)


def _work():
    from .queries import party_section
    from .recompute import recompute_applications
    from .workitems import application_work_items

    registry.register_work_items(application_work_items)
    registry.register_party_section(party_section)
    registry.register_deadline_recompute(recompute_applications)


def _manager_permissions():
    migration = importlib.import_module("matters.migrations.0004_manager_permissions")
    registry.register_manager_permissions("matters", migration.CODENAMES)


def _base_data():
    from .catalogue_seed import seed_catalogue

    registry.register_base_data(lambda: seed_catalogue())


_visibility()
_clocks()
_work()
_manager_permissions()
_base_data()
if importlib.util.find_spec("matters.pdf") is not None:
    importlib.import_module("matters.pdf")  # registers the document issuers


def _window():
    """The window's menu entry (办件台账) and the demo 办件 (matters.demo)."""

    def seed_applications(stdout):
        from .demo import seed

        stdout.write(f"办件演示数据：新建 {seed()} 件。")

    registry.register_nav(15, "办件", "matters:list",
                          roles=["clerk", "handler", "leader", "manager"])
    registry.register_demo_seeder(seed_applications)


_window()
