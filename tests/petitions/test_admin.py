"""The managers' admin: a read-only list with filters, history, actions via services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions import services
from petitions.models import Petition
from petitions.models.choices import Category, State

pytestmark = pytest.mark.django_db


def test_manager_sees_list_filters_and_search(client, flow, manager):
    p = flow.petition("accepted")
    secret = flow.petition("accepted", category=Category.ACCUSATION)
    client.force_login(manager)
    url = reverse("admin:petitions_petition_changelist")
    page = client.get(url).content.decode()
    assert p.number in page and secret.number not in page
    page = client.get(url, {"state__exact": "accepted", "overdue": "no",
                            "q": p.number}).content.decode()
    assert p.number in page
    response = client.get(reverse("admin:petitions_petition_history", args=[p.pk]))
    assert response.status_code == 200 and "<td>受理</td>" in response.content.decode()


def test_state_is_not_editable_in_admin(client, flow, manager):
    p = flow.petition()
    client.force_login(manager)
    page = client.get(reverse("admin:petitions_petition_change", args=[p.pk]))
    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()


def test_admin_close_action_goes_through_the_service(client, flow, clerk, manager):
    done = flow.petition("result_reported")
    done = services.reply_petition(done, clerk, method="书面答复",
                                   replied_on=timezone.localdate() - datetime.timedelta(
                                       days=40))
    fresh = flow.petition("replied")
    client.force_login(manager)
    response = client.post(reverse("admin:petitions_petition_changelist"), {
        "action": "close_expired_selected", "_selected_action": [done.pk, fresh.pk]},
        follow=True)
    page = response.content.decode()
    assert "自动办结：成功 1 件" in page and "没有权限" in page
    assert Petition.objects.get(pk=done.pk).state == State.CLOSED
    assert Petition.objects.get(pk=fresh.pk).state == State.REPLIED
    row = Petition.objects.get(pk=done.pk).history.order_by("-history_id").first()
    assert row.history_change_reason == "close"
    assert row.history_user == manager  # who ran it, not an anonymous 系统


def test_manager_cannot_close_as_clerk(client, flow, manager):
    p = flow.petition("replied")
    client.force_login(manager)
    response = client.post(reverse("admin:petitions_petition_changelist"), {
        "action": "close_selected", "_selected_action": [p.pk]}, follow=True)
    assert "您没有权限执行「办结」" in response.content.decode()
