"""Each process model's per-object ``can_view_<model>`` says what its registered
``visible_<model>s`` queryset says, for every persona (and the superuser) and every
record of the hardening world (SPEC 1.10: one rule per process)."""

import pytest

from servicecenter import registry
from tests.factories import UserFactory
from tests.hardening.world import build_world

pytestmark = pytest.mark.django_db


def _checks():
    from petitions.permissions import can_view_petition
    from repairs.permissions import can_view_repair
    from tickets.complaints.permissions import can_view_complaint, can_view_revisit
    from tickets.service.permissions import (
        can_view_difficultcase,
        can_view_ticket,
    )

    return {
        "petition": can_view_petition, "serviceticket": can_view_ticket,
        "difficultcase": can_view_difficultcase, "complaint": can_view_complaint,
        "revisit": can_view_revisit, "repairorder": can_view_repair,
        "externaldispatch": lambda user, d: can_view_repair(user, d.order),
    }


def test_every_can_view_agrees_with_its_visible_queryset(personas, department):
    world = build_world(personas, department)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    records = [world.petition, world.petition_new, world.secret, world.ticket,
               world.case, world.complaint, world.revisit, world.order, world.dispatch]
    checks = _checks()
    assert {type(r)._meta.model_name for r in records} == set(checks)
    for user in [*personas.values(), root]:
        for record in records:
            can = checks[record._meta.model_name](user, record)
            assert can == registry.may_view(user, record), (
                user.username, record._meta.model_name)
