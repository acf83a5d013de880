"""Admin history pages read as people read them: labels, local time, names."""

import datetime

import pytest

from tests.tickets.factories import ServiceTicketFactory
from tickets.service import services

pytestmark = pytest.mark.django_db


def test_history_page_shows_transition_and_state_labels_names_local_time(
        client, manager, clerk, engineer):
    ticket = ServiceTicketFactory(state="new", due_at=datetime.datetime(
        2026, 12, 4, 15, 59, 59, tzinfo=datetime.UTC))
    services.assign_ticket(ticket, manager, engineer=engineer)
    ticket.refresh_from_db()
    services.start_ticket(ticket, engineer)
    client.force_login(manager)
    page = client.get(f"/admin/tickets/serviceticket/{ticket.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "开始服务" in html and "派工" in html  # the transitions' labels
    assert "已派工&nbsp;&rarr;&nbsp;&nbsp;处理中" in html  # states by label
    assert "in_progress" not in html and ">start<" not in html
    assert "李工程师" in html and "刘主管" in html  # people by name
    assert ">engineer<" not in html and ">manager<" not in html
    assert "+00:00" not in html and "Deleted" not in html


def test_history_change_of_a_deadline_reads_in_local_time():
    from servicecenter.admin_history import ReadableChanges
    from tickets.models import ServiceTicket

    class Change:
        field = "due_at"

    due = datetime.datetime(2026, 12, 4, 15, 59, 59, tzinfo=datetime.UTC)
    helper = ReadableChanges(ServiceTicket, None)
    assert helper.prepare_delta_change_value(Change, due) == "2026-12-04 23:59"
