"""Admin: lists, history, read-only state, transitions as actions via the services."""

import pytest
from django.urls import reverse

from tests.complaints.factories import make_complaint, make_revisit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, personas):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    from django.contrib.auth.models import Group

    boss.groups.add(Group.objects.get(name="manager"), Group.objects.get(name="clerk"))
    client.force_login(boss)
    return client


def test_changelists_and_history_render(admin_client, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"],
                       responsible=personas["engineer"])
    r = make_revisit()
    for name in ("complaint", "revisit", "revisitquestion"):
        url = reverse(f"admin:tickets_{name}_changelist")
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get(reverse("admin:tickets_complaint_changelist"),
                            {"state__exact": "registered"}).status_code == 200
    for obj, name in ((c, "complaint"), (r, "revisit")):
        assert admin_client.get(reverse(f"admin:tickets_{name}_history",
                                        args=[obj.pk])).status_code == 200
        page = admin_client.get(reverse(f"admin:tickets_{name}_change", args=[obj.pk]))
        assert page.status_code == 200
        assert 'name="state"' not in page.content.decode()


def test_archive_action_goes_through_the_service(admin_client, personas):
    done = make_complaint("reported", clerk=personas["clerk"],
                          manager=personas["manager"],
                          responsible=personas["engineer"], followup="completed")
    pending = make_complaint("reported", clerk=personas["clerk"],
                             manager=personas["manager"],
                             responsible=personas["engineer"])
    response = admin_client.post(reverse("admin:tickets_complaint_changelist"), {
        "action": "archive", "_selected_action": [done.pk, pending.pk]}, follow=True)
    done.refresh_from_db()
    pending.refresh_from_db()
    assert done.state == "archived" and pending.state == "reported"
    text = response.content.decode()
    assert "1 条成功" in text and "回访尚未完成" in text
    assert done.history.first().history_change_reason == "archive"


def test_cancel_action_on_revisits(admin_client):
    r = make_revisit()
    chosen = {"action": "cancel", "_selected_action": [r.pk]}
    page = admin_client.post(reverse("admin:tickets_revisit_changelist"), chosen)
    assert "取消原因" in page.content.decode()
    admin_client.post(reverse("admin:tickets_revisit_changelist"),
                      {**chosen, "apply": "1", "reason": "客户已搬离"})
    r.refresh_from_db()
    assert r.state == "cancelled" and r.cancel_reason == "客户已搬离"
