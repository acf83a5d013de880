"""A creating form submitted twice (a double click, a resend) creates one record, and
both submits end on its page (servicecenter.once)."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from repairs.models import RepairOrder
from servicecenter.models import Party
from tests.factories import PartyFactory
from tickets.models import Complaint, ServiceTicket

DEVICE = {"device_type": "笔记本电脑", "brand": "联想", "model_name": "E14",
          "serial_number": "SN-1", "purchase_date": "2025-06-01",
          "warranty_months": "12", "accessories": "电源", "appearance": "划痕",
          "configuration": "8G", "fault_description": "不开机"}
NEW_PARTY = {"party-kind": "person", "party-name": "新客户",
             "party-phone": "13912345678"}


def _petition(party):
    return {"party_id": party.pk, "channel": "letter", "category": "demand",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "subject": "水渠破损影响灌溉", "content": "红星村3组水渠破损。",
            "headcount": 1, "place": "红星村", "representatives": ""}


def _ticket(party):
    return {"party_id": party.pk, "contact_name": "马老师",
            "contact_phone": "13900000001", "kind": "remote", "channel": "phone",
            "priority": 2, "problem": "无法上网"}


FORMS = {
    # url name → (data for a party, the model created, its page)
    "petition": ("petitions:register", _petition, Petition,
                 lambda r: reverse("petitions:detail", args=[r.pk])),
    "petition_new_party": (
        "petitions:register", lambda p: {**_petition(p), "party_id": "", **NEW_PARTY},
        Petition, lambda r: reverse("petitions:detail", args=[r.pk])),
    "ticket": ("tickets:create", _ticket, ServiceTicket,
               lambda r: reverse("tickets:detail", args=[r.pk])),
    "repair": ("repairs:intake", lambda p: {**DEVICE, **NEW_PARTY}, RepairOrder,
               lambda r: r.get_absolute_url()),
    "complaint": ("tickets:complaint_create",
                  lambda p: {"source": "hotline", "party_id": p.pk,
                             "subject": "维修太慢", "content": "等了一周"},
                  Complaint, lambda r: r.get_absolute_url()),
    "party": ("party_create",
              lambda p: {"kind": "person", "name": "新群众", "phone": "13512345678",
                         "id_number": "", "village": "城关村"},
              Party, lambda r: reverse("party_detail", args=[r.pk])),
}


def _token(client, url):
    page = client.get(url).content.decode()
    found = re.search(r'name="submit_token" value="([^"]+)"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def _created(model, before):
    return list(model.objects.exclude(pk__in=before))


@pytest.mark.django_db
@pytest.mark.parametrize("form", sorted(FORMS))
def test_second_submit_of_a_form_shows_the_first_record(client, clerk, form):
    name, data_for, model, page_of = FORMS[form]
    party = PartyFactory()
    before = list(model.objects.values_list("pk", flat=True))
    client.force_login(clerk)
    url = reverse(name)
    data = {**data_for(party), "submit_token": _token(client, url)}
    first, second = client.post(url, data), client.post(url, data)
    created = _created(model, before)
    assert len(created) == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == page_of(created[0])
    assert first["Location"].split("?")[0] == page_of(created[0])
    assert "已提交过" in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_a_refused_submit_leaves_the_token_free_and_the_form_keeps_it(client, clerk):
    client.force_login(clerk)
    url = reverse("tickets:create")
    token = _token(client, url)
    data = {**_ticket(PartyFactory()), "submit_token": token}
    refused = client.post(url, {**data, "problem": ""})
    assert refused.status_code == 200 and f'value="{token}"' in refused.content.decode()
    assert client.post(url, data).status_code == 302
    assert ServiceTicket.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", ["petition_new_party", "ticket", "party"])
def test_two_identical_submits_at_once_create_one_record(form):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    clerk = UserFactory(username="c1", first_name="王窗口")
    clerk.groups.add(Group.objects.get(name="clerk"))
    name, data_for, model, page_of = FORMS[form]
    party = PartyFactory()
    before = list(model.objects.values_list("pk", flat=True))
    url = reverse(name)
    setup = Client()
    setup.force_login(clerk)
    data = {**data_for(party), "submit_token": _token(setup, url)}
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def submit():
        try:
            client = Client()
            client.force_login(clerk)
            barrier.wait(timeout=10)
            answers.append(client.post(url, data))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    created = _created(model, before)
    assert len(created) == 1
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert {a["Location"].split("?")[0] for a in answers} == {page_of(created[0])}


@pytest.mark.django_db
def test_the_sweep_forgets_tokens_older_than_two_days(clerk):
    from servicecenter import sweep
    from servicecenter.models import SubmitToken

    now = timezone.now()
    old = SubmitToken.objects.create(token="o" * 32, user=clerk)
    fresh = SubmitToken.objects.create(token="f" * 32, user=clerk)
    SubmitToken.objects.filter(pk=old.pk).update(
        created_at=now - datetime.timedelta(days=2, minutes=1))
    SubmitToken.objects.filter(pk=fresh.pk).update(
        created_at=now - datetime.timedelta(days=1, hours=23))
    report = sweep.run(now)
    assert report["forget_old_tokens"] == {"deleted": 1}
    assert list(SubmitToken.objects.values_list("pk", flat=True)) == [fresh.pk]
