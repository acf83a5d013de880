"""Two leaders accept the same petition at once (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from petitions import services
from petitions.models import Petition
from petitions.models.choices import State
from servicecenter.transitions import ConcurrentChange, TransitionError
from tests.factories import DepartmentFactory, UserFactory
from tests.petitions.factories import Flow


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leaders_accept_at_once_one_wins_other_is_told():
    from django.contrib.auth.models import Group

    department = DepartmentFactory(code="SWB", name="社会事务办公室")
    clerk = UserFactory(username="c1")
    clerk.groups.add(Group.objects.get(name="clerk"))
    leaders = []
    for name in ("l1", "l2"):
        leader = UserFactory(username=name)
        leader.groups.add(Group.objects.get(name="leader"))
        leaders.append(leader)
    petition = Flow(clerk, leaders[0], None, department).petition()
    barrier = threading.Barrier(2)
    won, told, errors = [], [], []

    def accept(leader):
        try:
            stale = Petition.objects.get(pk=petition.pk)  # both saw "registered"
            barrier.wait(timeout=10)
            services.accept_petition(stale, leader,
                                     instruction=f"{leader.username}批示",
                                     department=department,
                                     expected_state=State.REGISTERED)
            won.append(leader.username)
        except TransitionError as exc:
            told.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(leader,)) for leader in leaders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(won) == 1 and len(told) == 1
    assert isinstance(told[0], ConcurrentChange)
    assert "该记录刚被他人处理" in told[0].message and "已受理" in told[0].message
    petition.refresh_from_db()
    assert petition.state == State.ACCEPTED
    assert petition.instruction == f"{won[0]}批示"
    assert petition.history.filter(history_change_reason="accept").count() == 1
