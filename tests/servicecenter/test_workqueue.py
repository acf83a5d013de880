"""工作台: each persona sees exactly its own records, by deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from servicecenter.workqueue import items_for
from tests.petitions.factories import Flow
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import ServiceTicket

pytestmark = pytest.mark.django_db
S = ServiceTicket.State


@pytest.fixture
def records(clerk, leader, handler, engineer, other_engineer, department):
    flow = Flow(clerk, leader, handler, department)
    soon = timezone.now() + dt.timedelta(hours=5)
    return {
        "to_approve": flow.petition("registered"),
        "to_sign": flow.petition("accepted"),
        "to_reply": flow.petition("result_reported"),
        "new_ticket": ServiceTicketFactory(number="FW2026-00101", state=S.NEW),
        "mine": ServiceTicketFactory(number="FW2026-00102", state=S.IN_PROGRESS,
                                     engineer=engineer, due_at=soon),
        "mine_later": ServiceTicketFactory(
            number="FW2026-00103", state=S.ASSIGNED, engineer=engineer,
            due_at=soon + dt.timedelta(days=1)),
        "theirs": ServiceTicketFactory(number="FW2026-00104", state=S.IN_PROGRESS,
                                       engineer=other_engineer),
    }


def _numbers(user):
    return [(i.number, i.reason) for i in items_for(user)]


def test_engineer_sees_only_own_tasks_sorted_by_deadline(records, engineer):
    assert _numbers(engineer) == [("FW2026-00102", "我的任务"),
                                  ("FW2026-00103", "我的任务")]


def test_leader_sees_approvals(records, leader):
    items = items_for(leader)
    assert [(i.number, i.approval) for i in items] == [(records["to_approve"].number,
                                                        True)]


def test_handler_sees_petition_to_sign(records, handler, other_handler):
    assert _numbers(handler) == [(records["to_sign"].number, "待签收/办理")]
    assert _numbers(other_handler) == []


def test_clerk_sees_window_work(records, clerk):
    assert set(_numbers(clerk)) == {(records["to_reply"].number, "待答复"),
                                    ("FW2026-00101", "待派工")}


def test_outsider_sees_nothing(records, outsider):
    assert items_for(outsider) == []


def test_home_page_lists_items_and_nav_count(client, records, engineer):
    client.force_login(engineer)
    html = client.get("/").content.decode()
    assert "FW2026-00102" in html and "FW2026-00104" not in html
    assert '工作台 <span class="badge">2</span>' in html


def test_home_page_shows_50_nearest_deadlines_then_pages(client, engineer):
    soon = timezone.now() + dt.timedelta(days=2)
    tickets = [ServiceTicketFactory(number=f"FW2026-{i:05d}", state=S.ASSIGNED,
                                    engineer=engineer,
                                    due_at=soon + dt.timedelta(hours=i))
               for i in range(1, 56)]
    client.force_login(engineer)
    first = client.get("/").content.decode()
    assert tickets[49].number in first and tickets[50].number not in first
    assert '<div class="n">55</div><div>待我处理</div>' in first and "page=2" in first
    second = client.get("/", {"page": "2"}).content.decode()
    assert tickets[54].number in second and tickets[0].number not in second


def test_work_lists_follow_who_may_act(clerk, manager, leader, engineer):
    from tests.tickets.factories import DifficultCaseFactory

    ServiceTicketFactory(number="FW2026-00201", state=S.RESOLVED, engineer=engineer)
    proposed = DifficultCaseFactory(state="proposed", proposed_by=clerk)
    opened = DifficultCaseFactory(state="opened", proposed_by=clerk)
    assert ("FW2026-00201", "待完结") in _numbers(clerk)
    assert "FW2026-00201" not in [n for n, _ in _numbers(manager)]  # only clerks close
    for user in (manager, leader):  # a manager, and the head of a department
        assert (proposed.number, "待确认") in _numbers(user)
        assert (opened.number, "待指定负责人") in _numbers(user)
    assert opened.number not in [n for n, _ in _numbers(clerk)]


@pytest.mark.parametrize("path, menu", [("/tickets/revisits/", "回访"),
                                        ("/tickets/", "服务单"), ("/", "工作台")])
def test_one_menu_item_is_marked_where_the_user_is(client, clerk, path, menu):
    """/tickets/revisits/ lies under /tickets/ too: the longest match is marked."""
    client.force_login(clerk)
    body = client.get(path).content.decode()
    nav = body[body.index("<nav>"):body.index("</nav>")]
    assert nav.count('class="active"') == 1
    assert f'class="active">{menu}' in nav


def test_record_url_is_the_reversed_url_of_each_record():
    from django.urls import reverse

    from servicecenter.workqueue import record_url

    for name in ("tickets:detail", "petitions:detail", "repairs:detail",
                 "tickets:revisit_call"):
        for pk in (1, 42, 987654):
            assert record_url(name, pk) == reverse(name, args=[pk])
