"""揭发控告 confidentiality at the shared mechanism (SPEC 1.10, issue 15 items 2–5):
one visibility rule per process model, no superuser exception, notices only to those
who may view their record, complaints linked only to visible process records."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from petitions.models import Petition
from petitions.permissions import can_view_petition
from petitions.queries import visible_petitions
from servicecenter import registry, sweep
from servicecenter.models import Notification
from servicecenter.notify import notify
from tests.factories import PartyFactory, UserFactory
from tests.petitions.factories import Flow
from tickets.models import Complaint

pytestmark = pytest.mark.django_db
SUBJECT = "机密事由子丑寅"


@pytest.fixture
def flow(clerk, leader, handler, department):
    return Flow(clerk, leader, handler, department)


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def secret(flow):
    return flow.petition("accepted", category="accusation", subject=SUBJECT,
                         party=PartyFactory(name="机密举报人卯辰"))


def test_every_process_model_registers_one_visibility_rule():
    from petitions.models import Extension
    from repairs.models import ExternalDispatch, RepairOrder
    from tickets.models import DifficultCase, Revisit, ServiceTicket

    for model in (Petition, Extension, ServiceTicket, DifficultCase, RepairOrder,
                  ExternalDispatch, Complaint, Revisit):
        assert model in registry.visibility, model
    history = Petition.history.model  # a Historical* row follows its record
    assert registry.visible(history, None).count() == 0


def test_can_view_petition_is_the_visible_queryset_for_one_petition(
        flow, personas, root, other_department, department):
    """Every persona (the superuser, a role-less user named as handler, an inactive
    handler) against petitions in every kind of place: the two answers agree."""
    nobody = UserFactory(username="nobody")  # no role, yet named on a confidential one
    gone = UserFactory(username="gone", is_active=False)
    gone.groups.add(Group.objects.get(name="handler"))
    department.members.add(gone)
    records = [flow.petition("registered"), flow.petition("accepted"),
               flow.petition("accepted", category="accusation"),
               Flow(flow.clerk, flow.leader, personas["other_handler"],
                    other_department).petition("in_progress")]
    for handler in (nobody, gone):
        secret = flow.petition("registered", category="accusation")
        Petition.objects.filter(pk=secret.pk).update(handler=handler,
                                                     department=department)
        records.append(Petition.objects.get(pk=secret.pk))
    for user in [*personas.values(), root, nobody, gone]:
        visible = set(visible_petitions(user).values_list("pk", flat=True))
        for petition in records:
            assert can_view_petition(user, petition) == (petition.pk in visible), (
                user.username, petition.category, petition.state)


def test_superuser_without_the_leader_role_sees_no_confidential_petition(
        client, root, secret, leader):
    client.force_login(root)
    for url in (reverse("admin:petitions_petition_changelist"),
                reverse("admin:petitions_petition_changelist") + f"?q={SUBJECT}",
                reverse("admin:petitions_petition_change", args=[secret.pk]),
                reverse("admin:petitions_petition_history", args=[secret.pk]),
                reverse("petitions:list") + f"?q={secret.number}",
                reverse("petitions:detail", args=[secret.pk]),
                reverse("party_detail", args=[secret.party_id])):
        response = client.get(url)
        assert response.status_code != 200 or secret.number not in (
            response.content.decode()), url
    root.groups.add(Group.objects.get(name="leader"))  # a leader who is superuser too
    client.force_login(root)
    page = client.get(reverse("admin:petitions_petition_changelist")).content.decode()
    assert secret.number in page


def test_chase_and_escalation_of_a_confidential_petition_reach_only_its_viewers(
        flow, clerk, leader, handler, manager, secret):
    """A confidential petition names the clerk who received it: the sweep's 【催办】
    and 【督办】 must not tell the clerk or the managers."""
    open_one = flow.petition("registered")
    late = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
    confidential = flow.petition("registered", category="accusation", subject=SUBJECT)
    Petition.objects.filter(pk__in=[open_one.pk, confidential.pk, secret.pk]).update(
        due_at=late)
    sweep.run(dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC), full=True)
    ct = ContentType.objects.get_for_model(Petition)
    told = set(Notification.objects.filter(content_type=ct, object_id__in=[
        confidential.pk, secret.pk]).values_list("recipient__username", flat=True))
    assert told <= {"leader", "handler"} and "handler" in told
    # an ordinary registered petition: its chase goes to the leaders, who decide
    # (Petition.clock), its escalation to the managers
    others = Notification.objects.filter(content_type=ct, object_id=open_one.pk)
    assert {"leader", "manager"} <= set(others.values_list("recipient__username",
                                                          flat=True))


def test_a_notice_about_a_confidential_petition_goes_only_to_its_viewers(
        clerk, leader, handler, manager, secret):
    created = notify([clerk, leader, handler, manager], "info",
                     f"{secret.number} 已受理", record=secret)
    assert {n.recipient for n in created} == {leader, handler}


def _register(client, record, **extra):
    ct = ContentType.objects.get_for_model(record)
    return client.post(reverse("tickets:complaint_create"), {
        "source": "hotline", "party_id": PartyFactory().pk, "subject": "态度差",
        "content": "窗口态度差", "related_ct": ct.pk, "related_id": record.pk, **extra})


def test_a_complaint_links_only_process_records_the_clerk_may_view(
        client, clerk, leader, secret, flow):
    from servicecenter.models import Notification as Notice

    client.force_login(clerk)
    notice = Notice.objects.create(recipient=leader, kind="info", title="x")
    for record in (secret, secret.history.first(), notice, leader, secret.party):
        response = _register(client, record)
        assert response.status_code == 200, record
        page = response.content.decode()
        assert "关联" in page and secret.number not in page
    assert not Complaint.objects.exists()
    shown = flow.petition("registered")
    assert _register(client, shown).status_code == 302
    assert Complaint.objects.get().related == shown


def test_a_complaint_page_does_not_name_a_linked_record_hidden_from_its_reader(
        client, clerk, manager, leader, secret):
    """A complaint linked before the rule (or by a leader) to a 揭发控告 petition: the
    manager reads the complaint, not the petition's number or state."""
    from tickets.complaints.services import register_complaint

    complaint = register_complaint(clerk, source="hotline", party=PartyFactory(),
                                   subject="态度差", content="窗口态度差",
                                   related=secret)
    client.force_login(manager)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert complaint.number in page and secret.number not in page
    client.force_login(leader)
    assert secret.number in client.get(complaint.get_absolute_url()).content.decode()
