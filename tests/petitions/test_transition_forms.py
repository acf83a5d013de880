"""A transition form opened for a record where it cannot apply goes back to the record
with the reason (the shared ``servicecenter.transitions.form_refused``)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_form_on_a_closed_petition_redirects_to_it_with_the_reason(
        client, flow, handler):
    p = flow.petition("closed")
    client.force_login(handler)
    response = client.get(reverse("petitions:sign", args=[p.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:detail", args=[p.pk])
    page = client.get(response["Location"]).content.decode()
    assert "当前状态「已办结」不能执行「签收」" in page


def test_decide_form_on_an_accepted_petition_redirects(client, flow, leader):
    p = flow.petition("accepted")
    client.force_login(leader)
    response = client.get(reverse("petitions:decide", args=[p.pk]))
    assert response["Location"] == reverse("petitions:detail", args=[p.pk])


def test_sign_form_opens_where_it_applies(client, flow, handler):
    p = flow.petition("accepted")
    client.force_login(handler)
    assert client.get(reverse("petitions:sign", args=[p.pk])).status_code == 200
