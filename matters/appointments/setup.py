"""What appointments contribute to the shared parts: visibility, 工作台 items, the
party page, the sweep (a slot that ended without the citizen is recorded missed), the
预约单 issuer, the demo. Imported by MattersConfig.ready()."""

from servicecenter import registry

# what the appointments migration grants the manager group (restored after a flush);
# the migration keeps its own frozen copy
MANAGER_CODENAMES = ["view_appointment", "view_historicalappointment",
                     "view_bookingrule", "add_bookingrule", "change_bookingrule"]


def _register():
    from ..models import Appointment
    from . import (
        admin,  # noqa: F401  (the booking rules, appointments read only)
        pdf,  # noqa: F401  (registers the 预约单 issuer)
    )
    from .queries import party_section, visible_appointments
    from .services import lapse_appointments
    from .workitems import appointment_work_items

    registry.register_visibility(Appointment, visible_appointments)
    registry.register_work_items(appointment_work_items)
    registry.register_party_section(party_section)
    registry.register_sweeper(lapse_appointments)
    registry.register_manager_permissions("matters", MANAGER_CODENAMES)


def _demo(stdout):
    from .demo import seed

    stdout.write(f"预约演示数据：新建 {seed()} 条。")


_register()
registry.register_demo_seeder(_demo)
