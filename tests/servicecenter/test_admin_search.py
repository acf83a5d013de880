"""Admin search: a number's prefix, a phone, a name's prefix; each an indexed lookup."""

import pytest

from tests.factories import PartyFactory
from tests.tickets.factories import ServiceTicketFactory

pytestmark = pytest.mark.django_db
URL = "/admin/tickets/serviceticket/"


@pytest.fixture
def tickets(db):
    wang = PartyFactory(name="王建国", phone="13911110001")
    li = PartyFactory(name="李四", phone="13911110002")
    return [ServiceTicketFactory(number="FW2026-00001", party=wang),
            ServiceTicketFactory(number="FW2026-00002", party=li),
            ServiceTicketFactory(number="FW2026-00123", party=li)]


def _found(client, q):
    html = client.get(URL, {"q": q}).content.decode()
    return {n for n in ("FW2026-00001", "FW2026-00002", "FW2026-00123") if n in html}


def test_admin_search_number_prefix_finds_its_records(client, manager, tickets):
    client.force_login(manager)
    assert _found(client, "FW2026-0000") == {"FW2026-00001", "FW2026-00002"}
    assert _found(client, "fw2026-0012") == {"FW2026-00123"}  # as typed, lower case
    assert _found(client, "FW2026-00002") == {"FW2026-00002"}


def test_admin_search_by_phone_and_name_prefix(client, manager, tickets):
    client.force_login(manager)
    assert _found(client, "13911110002") == {"FW2026-00002", "FW2026-00123"}
    assert _found(client, "1391111") == set()  # a phone is matched whole
    assert _found(client, "王建") == {"FW2026-00001"}
    assert _found(client, " 李四 ") == {"FW2026-00002", "FW2026-00123"}
    assert client.get(URL, {"q": "FW%00\x00"}).status_code == 200


def test_admin_search_is_one_union_of_indexed_lookups(rf, manager):
    from django.contrib import admin

    from tickets.models import ServiceTicket

    model_admin = admin.site._registry[ServiceTicket]
    qs, duplicates = model_admin.get_search_results(
        rf.get(URL), ServiceTicket.objects.all(), "FW2026-0000")
    sql = str(qs.query)
    assert not duplicates and "UNION" in sql
    assert "UPPER(" not in sql and "LIKE %FW" not in sql  # no substring, no UPPER()
