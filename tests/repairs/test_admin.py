import pytest
from django.urls import reverse

from repairs.models import RepairOrder

pytestmark = pytest.mark.django_db


def test_admin_changelist_and_history_for_manager(client, manager, make_order):
    order = make_order(state="received")
    client.force_login(manager)
    response = client.get(reverse("admin:repairs_repairorder_changelist"),
                          {"state__exact": "received"})
    assert response.status_code == 200 and order.number in response.content.decode()
    history = client.get(reverse("admin:repairs_repairorder_history", args=[order.pk]))
    assert history.status_code == 200


def test_admin_assign_action_goes_through_service(client, manager, engineer,
                                                  make_order):
    order = make_order(state="received", engineer=None)
    done = make_order(state="closed")
    client.force_login(manager)
    url = reverse("admin:repairs_repairorder_changelist")
    page = client.post(url, {"action": "assign_action",
                             "_selected_action": [order.pk, done.pk]})
    assert "确认执行" in page.content.decode()
    response = client.post(url, {"action": "assign_action", "apply": "1",
                                 "_selected_action": [order.pk, done.pk],
                                 "engineer": engineer.pk}, follow=True)
    body = response.content.decode()
    assert RepairOrder.objects.get(pk=order.pk).state == "assigned"
    assert RepairOrder.objects.get(pk=done.pk).state == "closed"
    assert "已处理 1 件" in body and "不能执行「派工」" in body
    assert order.history.latest().history_change_reason == "assign"
