"""The managers' admin for applications: filters (否定报备, 超期), search by number and
phone, read-only records, transitions as actions through the services."""

import pytest
from django.urls import reverse

from matters import services
from matters.models import State

pytestmark = pytest.mark.django_db
URL = "admin:matters_application_changelist"


def test_refusal_appears_on_the_negative_report_list(client, walk, clerk, manager):
    refused = services.refuse_application(
        walk.receive(), clerk, reason="不符合低保条件",
        basis="《城市居民最低生活保障条例》", remedy="可申请行政复议")
    other = walk.accepted()
    client.force_login(manager)
    page = client.get(reverse(URL), {"negative": "yes"}).content.decode()
    assert refused.number in page and other.number not in page
    assert "否定报备" in page


def test_search_by_number_and_phone(client, walk, manager):
    from tests.factories import PartyFactory

    app = walk.receive(party=PartyFactory(phone="13700001111"))
    other = walk.receive()
    client.force_login(manager)
    for q in (app.number, "13700001111"):
        page = client.get(reverse(URL), {"q": q}).content.decode()
        assert app.number in page and other.number not in page, q


def test_state_is_not_editable_in_admin(client, walk, manager):
    app = walk.receive()
    client.force_login(manager)
    page = client.get(reverse("admin:matters_application_change", args=[app.pk]))
    assert page.status_code == 200 and 'name="state"' not in page.content.decode()


def test_admin_accept_action_runs_the_service(client, walk, clerk, manager):
    app = walk.receive()
    clerk.is_staff = clerk.is_superuser = True
    clerk.save()
    client.force_login(clerk)
    client.post(reverse(URL), {"action": "accept_selected",
                               "_selected_action": [app.pk]})
    app.refresh_from_db()
    assert app.state == State.ACCEPTED
    assert app.history.first().history_change_reason == "accept"


def test_manager_is_refused_a_window_step_with_the_reason(client, walk, manager):
    app = walk.receive()
    client.force_login(manager)
    response = client.post(reverse(URL), {"action": "accept_selected",
                                          "_selected_action": [app.pk]}, follow=True)
    app.refresh_from_db()
    assert app.state == State.RECEIVED
    assert "您没有权限执行「受理」" in response.content.decode()
