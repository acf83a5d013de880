"""Window and tablet pages: role checks, intake, transitions, refusals keep input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from servicecenter.models import Party
from tickets.models import ServiceTicket
from tickets.service import services

from .factories import ServiceTicketFactory

pytestmark = pytest.mark.django_db
S = ServiceTicket.State


def test_queue_for_clerk_filters_by_state(client, clerk, engineer):
    ServiceTicketFactory(state=S.NEW, problem="甲问题")
    ServiceTicketFactory(state=S.CLOSED, problem="乙问题")
    client.force_login(clerk)
    page = client.get(reverse("tickets:list"), {"state": "new"}).content.decode()
    assert "甲问题" in page and "乙问题" not in page


def test_queue_overdue_filter(client, clerk):
    ServiceTicketFactory(state=S.NEW, problem="超期单",
                         due_at=timezone.now() - datetime.timedelta(hours=1))
    ServiceTicketFactory(state=S.NEW, problem="未超期单")
    client.force_login(clerk)
    page = client.get(reverse("tickets:list"), {"overdue": "on"}).content.decode()
    assert "超期单" in page and "未超期单" not in page


def test_queue_pages_without_count(client, clerk, django_assert_max_num_queries):
    ServiceTicketFactory.create_batch(40, state=S.NEW)  # 25 a page
    client.force_login(clerk)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("tickets:list")).content.decode()
    assert "下一页" in page
    assert "下一页" not in client.get(reverse("tickets:list"),
                                   {"page": 2}).content.decode()


def test_engineer_queue_redirects_to_my_tasks(client, engineer):
    client.force_login(engineer)
    assert client.get(reverse("tickets:list"))["Location"] == reverse("tickets:my")


def test_outsider_is_refused(client, outsider):
    ticket = ServiceTicketFactory()
    client.force_login(outsider)
    assert client.get(reverse("tickets:list")).status_code == 403
    assert client.get(reverse("tickets:detail", args=[ticket.pk])).status_code == 403
    assert client.get(reverse("tickets:my")).status_code == 403


def test_engineer_sees_only_own_tickets(client, engineer, other_engineer):
    ticket = ServiceTicketFactory(state=S.ASSIGNED, engineer=other_engineer)
    client.force_login(engineer)
    assert client.get(reverse("tickets:tablet_detail",
                              args=[ticket.pk])).status_code == 403


def test_create_with_existing_party(client, clerk, party):
    client.force_login(clerk)
    response = client.post(reverse("tickets:create"), {
        "party_id": party.pk, "contact_name": "马老师", "contact_phone": "13900000001",
        "kind": "remote", "channel": "phone", "priority": 2, "problem": "无法上网"})
    ticket = ServiceTicket.objects.get()
    assert response["Location"] == reverse("tickets:detail", args=[ticket.pk])
    assert ticket.party == party and ticket.created_by == clerk


def test_create_with_new_party(client, clerk):
    client.force_login(clerk)
    client.post(reverse("tickets:create"), {
        "party-kind": "person", "party-name": "新客户", "party-phone": "13700000000",
        "contact_name": "新客户", "contact_phone": "13700000000", "kind": "onsite",
        "channel": "visit", "priority": 2, "problem": "电脑无法开机"})
    assert ServiceTicket.objects.get().party == Party.objects.get(name="新客户")


def test_create_without_party_keeps_input(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("tickets:create"), {
        "contact_name": "马老师", "contact_phone": "1", "kind": "remote",
        "channel": "phone", "priority": 2, "problem": "保留的描述"})
    assert response.status_code == 200 and "保留的描述" in response.content.decode()
    assert not ServiceTicket.objects.exists()


def test_assign_page_shows_engineer_load(client, clerk, engineer):
    ServiceTicketFactory(state=S.ASSIGNED, engineer=engineer)
    ticket = ServiceTicketFactory(state=S.NEW)
    client.force_login(clerk)
    page = client.get(reverse("tickets:assign", args=[ticket.pk])).content.decode()
    assert "李工程师（在办 1 件）" in page


def test_refused_transition_keeps_the_input(client, clerk, engineer):
    ticket = ServiceTicketFactory(state=S.NEW, kind="onsite")
    client.force_login(clerk)
    response = client.post(reverse("tickets:assign", args=[ticket.pk]),
                           {"engineer": engineer.pk, "expected_state": "new"})
    assert response.status_code == 200
    assert "预约上门时间" in response.content.decode()
    assert ServiceTicket.objects.get().state == S.NEW


def test_detail_buttons_come_from_permitted_transitions(client, clerk, engineer):
    ticket = ServiceTicketFactory(state=S.ASSIGNED, engineer=engineer)
    client.force_login(engineer)
    page = client.get(reverse("tickets:tablet_detail",
                              args=[ticket.pk])).content.decode()
    assert "开始服务" in page and "改派" not in page
    client.force_login(clerk)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "改派" in page and "开始服务" not in page


def test_stale_form_is_told_the_record_changed(client, clerk, engineer):
    ticket = ServiceTicketFactory(state=S.CANCELLED)
    client.force_login(clerk)
    response = client.post(reverse("tickets:assign", args=[ticket.pk]),
                           {"engineer": engineer.pk, "expected_state": "new"},
                           follow=True)
    assert "刚被他人处理" in response.content.decode()


def test_tablet_my_tasks_sorted_by_deadline(client, engineer):
    later = ServiceTicketFactory(state=S.ASSIGNED, engineer=engineer, problem="晚到期",
                                 due_at=timezone.now() + datetime.timedelta(days=3))
    ServiceTicketFactory(state=S.IN_PROGRESS, engineer=engineer, problem="早到期",
                         due_at=timezone.now() + datetime.timedelta(hours=3))
    ServiceTicketFactory(state=S.CLOSED, engineer=engineer, problem="已完结")
    client.force_login(engineer)
    page = client.get(reverse("tickets:my")).content.decode()
    assert page.index("早到期") < page.index("晚到期") and "已完结" not in page
    assert later.number in page


def test_tablet_my_tasks_pages_by_30_with_the_total_in_the_heading(client, engineer):
    due = timezone.now() + datetime.timedelta(days=1)
    tickets = [ServiceTicketFactory(state=S.ASSIGNED, engineer=engineer,
                                    due_at=due + datetime.timedelta(minutes=i))
               for i in range(33)]
    client.force_login(engineer)
    first = client.get(reverse("tickets:my")).content.decode()
    assert "我的任务（33）" in first and tickets[29].number in first
    assert tickets[30].number not in first and "page=2" in first
    second = client.get(reverse("tickets:my"), {"page": "2"}).content.decode()
    assert "我的任务（33）" in second and tickets[32].number in second
    assert tickets[0].number not in second and "page=1" in second


def test_tablet_photo_input_opens_the_camera(client, engineer):
    ticket = ServiceTicketFactory(state=S.IN_PROGRESS, engineer=engineer)
    client.force_login(engineer)
    page = client.get(reverse("tickets:tablet_photo",
                              args=[ticket.pk])).content.decode()
    assert 'accept="image/*"' in page and "capture" in page


def test_log_contact_from_tablet(client, engineer):
    ticket = ServiceTicketFactory(state=S.IN_PROGRESS, engineer=engineer)
    client.force_login(engineer)
    client.post(reverse("tickets:tablet_contact", args=[ticket.pk]),
                {"channel": "phone", "summary": "电话指导重启"})
    assert ticket.contacts.get().summary == "电话指导重启"


def test_workbench_counts_and_party_section(client, clerk, engineer, party):
    ServiceTicketFactory(state=S.NEW, party=party, problem="待派工问题")
    ServiceTicketFactory(state=S.ASSIGNED, engineer=engineer)
    client.force_login(clerk)
    page = client.get("/").content.decode()
    assert "服务单 待派工" in page
    page = client.get(reverse("party_detail", args=[party.pk])).content.decode()
    assert "技术服务任务单" in page and "待派工问题" in page
    client.force_login(engineer)
    assert "我的任务" in client.get("/").content.decode()


def test_difficult_case_pages(client, personas, party):
    clerk, engineer = personas["clerk"], personas["engineer"]
    ticket = services.create_ticket(clerk, party=party, contact_name="a",
                                    contact_phone="1",
                                    kind="remote", channel="phone", problem="p")
    ticket = services.assign_ticket(ticket, clerk, engineer=engineer)
    ticket = services.start_ticket(ticket, engineer)
    ticket, case = services.escalate_ticket(ticket, engineer, reason="多次未解决")
    client.force_login(personas["leader"])
    page = client.get(reverse("tickets:case_detail", args=[case.pk])).content.decode()
    assert "确认立案" in page and ticket.number in page
    from tickets.models import DifficultCaseCriterion

    criterion = DifficultCaseCriterion.objects.first()
    client.post(reverse("tickets:case_open", args=[case.pk]),
                {"criteria": [criterion.pk], "expected_state": "proposed"})
    case.refresh_from_db()
    assert case.state == "opened"


def test_demo_seeder_is_idempotent():
    import io

    from servicecenter.demo import seed
    from tickets.setup_service import service_demo

    seed()
    service_demo(io.StringIO())
    service_demo(io.StringIO())
    states = set(ServiceTicket.objects.values_list("state", flat=True))
    assert ServiceTicket.objects.count() == 5
    assert {"new", "assigned", "in_progress", "awaiting_parts", "resolved"} == states
