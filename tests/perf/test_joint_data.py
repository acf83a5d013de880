"""generate_data --only joint adds 并联审批 opinions to the accepted applications of an
existing database, in every state, and the benchmark measures a consulted
department's pending list."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from loadgen import matter_bench
from matters.models import JointOpinion
from tests.matters.factories import Walk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
OP = JointOpinion.State


def test_joint_generator_runs_on_its_own(clerk, handler, client):
    walk = Walk(clerk, handler, handler)
    apps = [walk.accepted() for _ in range(4)] + [walk.handling() for _ in range(4)]
    call_command("generate_data", only="joint", records=16)
    ops = JointOpinion.objects.all()
    assert ops.count() == 16 and ops.values("application").distinct().count() == 8
    assert {o.application_id for o in ops} == {a.pk for a in apps}
    assert OP.PENDING in set(ops.values_list("state", flat=True))
    for o in ops:
        assert o.opened_at == o.application.accepted_at and o.due_at > o.opened_at
        assert (o.answered_at is None) == (o.state == OP.PENDING)
        assert o.history.count() == 1
    # again: the applications already asked are left alone
    call_command("generate_data", only="joint", records=16)
    assert JointOpinion.objects.count() == 16
    # the benchmark's row, and the page answers as the department's member
    [target] = [t for t in matter_bench.targets({})
                if t.name == "办件 joint opinions pending (handler)"]
    client.force_login(target.user)
    page = client.get(reverse("matters:joint"))
    assert page.status_code == 200
    pending = ops.filter(state=OP.PENDING,
                         department__members=target.user).order_by("due_at").first()
    assert pending.application.number in page.content.decode()
