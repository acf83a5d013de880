"""A NUL character in a query string or a form field is dropped before any view runs:
PostgreSQL text cannot hold one, and it used to surface as a 500."""

import pytest

from servicecenter.models import Party
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_nul_in_repeat_lookup_query_is_not_500(client, clerk):
    party = PartyFactory()
    client.force_login(clerk)
    response = client.get(f"/petitions/repeats/?party={party.pk}&subject=%00")
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_nul_in_a_posted_form_field_is_dropped_before_saving(client, clerk):
    client.force_login(clerk)
    response = client.post("/parties/new/", {
        "kind": "person", "name": "张\x00三", "phone": "13900000077",
        "phone2": "", "id_number": "", "organisation": "", "village": "城关村",
        "address": "\x00"})
    assert response.status_code == 302
    assert Party.objects.get(phone="13900000077").name == "张三"
