"""Use cases of service items and applications: one function per verb, each through
``servicecenter.transitions.run_transition`` (or ``create_record``)."""

from .catalogue import create_item, revise_item
from .extension import decide_extension_application, request_extension_application
from .handling import (
    decide_application,
    pause_application,
    resume_application,
    send_back_application,
    submit_application,
    take_application,
)
from .intake import (
    accept_application,
    accept_with_waiver_application,
    attach_scan,
    complete_at_once_application,
    receive_application,
    refuse_application,
    request_correction_application,
    resubmit_application,
    supply_material_application,
)
from .outcome import deliver_application, inform_application, withdraw_application

__all__ = [
    "accept_application", "accept_with_waiver_application", "attach_scan",
    "complete_at_once_application", "create_item", "decide_application",
    "decide_extension_application", "deliver_application", "inform_application",
    "pause_application", "receive_application", "refuse_application",
    "request_correction_application", "request_extension_application",
    "resubmit_application", "resume_application", "revise_item",
    "send_back_application", "submit_application", "supply_material_application",
    "take_application", "withdraw_application",
]

# levels (村 → 镇 → 县): matters.services.levels
from .levels import (  # noqa: E402
    chase_county_application,
    receive_at_village,
    receive_from_village_application,
    record_county_decision_application,
    record_handover_application,
    record_paper_application,
    send_to_county_application,
    send_to_town_application,
)

__all__ += [
    "chase_county_application", "receive_at_village",
    "receive_from_village_application", "record_county_decision_application",
    "record_handover_application", "record_paper_application",
    "send_to_county_application", "send_to_town_application",
]
