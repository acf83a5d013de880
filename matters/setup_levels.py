"""What levels (村 → 镇 → 县) contribute to the shared parts: base data (the 村代办员
group, the levels' time limits, the 宅基地 chain), the stages' visibility (their
documents follow the application), 工作台 items, the sweep's stage rules, the
accountability report's per-level table, the village's menu entry and the demo.
Imported by MattersConfig.ready()."""

from servicecenter import registry


@registry.register_base_data
def levels_base_data():
    from .levels_seed import seed_all

    seed_all()


def _visibility():
    from . import queries
    from .models import ApplicationStage

    registry.register_visibility(ApplicationStage, lambda user: (
        ApplicationStage.objects.filter(
            application__in=queries.visible_applications(user))))


@registry.register_work_items
def levels_work_items(user):
    from .levels_work import work_items

    return work_items(user)


@registry.register_sweeper
def levels_sweep(now):
    from .levels_sweep import sweep

    return sweep(now)


@registry.register_report_section
def levels_report(start, end):
    from .levels_report import level_sections

    return level_sections(start, end)


def _window():
    def seed_levels_demo(stdout):
        from .levels_demo import seed

        stdout.write(f"层级流转演示数据：新建 {seed()} 件。")

    registry.register_nav(16, "本村办件", "matters:village", roles=["village"])
    registry.register_nav(17, "村级收件", "matters:intake", roles=["village"])
    registry.register_demo_seeder(seed_levels_demo)


def _admin_and_permissions():
    from . import admin_levels  # noqa: F401  (villages and their 村代办员)
    from .levels_seed import MANAGER_CODENAMES

    registry.register_manager_permissions("matters", MANAGER_CODENAMES)


_visibility()
_window()
_admin_and_permissions()
