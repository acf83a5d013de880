"""Admin: lists load without a full count, state is read-only, actions use services."""

import pytest

from tickets.models import ServiceTicket

from .factories import MaintenancePlanFactory, ServiceTicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, manager):
    """A manager (staff, manager group with the migration's permissions)."""
    client.force_login(manager)
    return client


def test_ticket_changelist_filters_and_search(admin_client):
    ServiceTicketFactory(state="new", number="FW2026-00077")
    url = "/admin/tickets/serviceticket/"
    assert admin_client.get(url, {"state": "new", "overdue": "yes"}).status_code == 200
    assert "FW2026-00077" in admin_client.get(url,
                                              {"q": "FW2026-00077"}).content.decode()


def test_state_is_read_only_in_admin(admin_client):
    ticket = ServiceTicketFactory(state="new")
    page = admin_client.get(f"/admin/tickets/serviceticket/{ticket.pk}/change/")
    assert page.status_code == 200 and 'name="state"' not in page.content.decode()
    history = admin_client.get(f"/admin/tickets/serviceticket/{ticket.pk}/history/")
    assert history.status_code == 200


def test_cancel_action_asks_the_reason_then_goes_through_the_service(admin_client):
    new = ServiceTicketFactory(state="new")
    closed = ServiceTicketFactory(state="closed")
    chosen = {"action": "cancel_selected", "_selected_action": [new.pk, closed.pk]}
    page = admin_client.post("/admin/tickets/serviceticket/", chosen)
    text = page.content.decode()
    assert page.status_code == 200 and "取消原因" in text  # the intermediate page
    assert new.number in text and closed.number in text
    new.refresh_from_db()
    assert new.state == "new"  # nothing done before the reason is given
    empty = admin_client.post("/admin/tickets/serviceticket/", {**chosen, "apply": "1"})
    assert "这个字段是必填项" in empty.content.decode()
    response = admin_client.post("/admin/tickets/serviceticket/", {
        **chosen, "apply": "1", "reason": "客户来电撤回"}, follow=True)
    new.refresh_from_db()
    closed.refresh_from_db()
    assert new.state == "cancelled" and closed.state == "closed"
    assert new.cancel_reason == "客户来电撤回"
    assert new.history.first().history_change_reason == "cancel"
    text = response.content.decode()
    assert "已处理 1 件" in text and "不能执行" in text


def test_other_changelists_load(admin_client, engineer):
    MaintenancePlanFactory(engineer=engineer)
    for url in ("/admin/tickets/difficultcase/", "/admin/tickets/maintenanceplan/",
                "/admin/tickets/difficultcasecriterion/"):
        assert admin_client.get(url).status_code == 200


def test_csv_export(admin_client):
    ServiceTicketFactory(state="new", number="FW2026-00088")
    response = admin_client.post("/admin/tickets/serviceticket/", {
        "action": "export_selected",
        "_selected_action": list(ServiceTicket.objects.values_list("pk", flat=True))})
    assert "FW2026-00088" in response.getvalue().decode("utf-8-sig")


def test_manager_bulk_reassigns_through_the_service_with_a_reason(client, manager,
                                                                  clerk,
                                                                  engineer,
                                                                  other_engineer):
    from tests.tickets.factories import ServiceTicketFactory
    from tickets.models import ServiceTicket

    client.force_login(manager)
    mine = [ServiceTicketFactory(state="assigned", engineer=engineer) for _ in range(2)]
    closed = ServiceTicketFactory(state="closed", engineer=engineer)
    ids = [t.pk for t in mine] + [closed.pk]
    url = "/admin/tickets/serviceticket/"
    page = client.post(url, {"action": "reassign_selected", "_selected_action": ids})
    assert "改派原因" in page.content.decode()
    response = client.post(url, {"action": "reassign_selected", "_selected_action": ids,
                                 "apply": "1", "engineer": other_engineer.pk,
                                 "reason": "李工请假，改派周工"}, follow=True)
    html = response.content.decode()
    assert "已处理 2 件" in html and closed.number in html
    for t in mine:
        t = ServiceTicket.objects.get(pk=t.pk)
        assert t.engineer == other_engineer
        row = t.history.order_by("-history_id").first()
        assert row.history_change_reason == "reassign"
        assert row.history_remark == "李工请假，改派周工"
        assert row.history_user == manager
    assert ServiceTicket.objects.get(pk=closed.pk).engineer == engineer
