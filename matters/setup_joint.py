"""What 联办件 / 并联审批 contributes to the shared parts: the opening of opinions on
受理, the sweep's 超时默认, the 工作台 items, the accountability report's table, the
catalogue admin inline, manager permissions and the demo. Imported by
MattersConfig.ready()."""

from servicecenter import registry

# as the migration (0008_joint) grants them; kept here too because the integrator
# renumbers that migration
MANAGER_CODENAMES = ["view_jointdepartment", "add_jointdepartment",
                     "change_jointdepartment", "delete_jointdepartment",
                     "view_jointopinion", "view_historicaljointopinion"]


@registry.register_sweeper
def default_overdue_opinions(now):
    from .joint import default_overdue_opinions

    return default_overdue_opinions(now)


@registry.register_report_section
def joint_sections(start, end):
    from .joint_report import joint_sections

    return joint_sections(start, end)


@registry.register_work_items
def joint_work_items(user):
    from .joint_work import joint_work_items

    return joint_work_items(user)


def _setup():
    from . import admin_joint  # noqa: F401
    from .joint import connect
    from .models import JointOpinion
    from .queries import visible_applications

    connect()
    # an opinion follows its application (the admin's list, notices)
    registry.register_visibility(JointOpinion, lambda user: JointOpinion.objects.filter(
        application__in=visible_applications(user)))
    registry.register_manager_permissions("matters", MANAGER_CODENAMES)

    def seed_joint(stdout):
        from .joint_demo import seed

        stdout.write(f"联办件演示数据：新建 {seed()} 件。")

    registry.register_demo_seeder(seed_joint)


_setup()
