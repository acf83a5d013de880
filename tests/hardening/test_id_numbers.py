"""ID numbers (身份证号) never reach logs and are masked for engineers and handlers."""

import io
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from servicecenter.validators import mask_id_number
from tests.factories import valid_id_number

from .test_permissions import PERSONAS, TABLE
from .world import ID_NUMBER, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_logs():
    """What the configured console handler writes, at DEBUG, SQL with parameters
    included (the debug cursor on), through the project's own filters."""
    from django.db import connection

    root = logging.getLogger()
    handler = next(h for h in root.handlers if isinstance(h, logging.StreamHandler)
                   and h.filters)
    stream, old_stream = io.StringIO(), handler.stream
    old_level, handler.stream = root.level, stream
    sql = logging.getLogger("django.db.backends")
    old_sql_level = sql.level
    root.setLevel(logging.DEBUG)
    sql.setLevel(logging.DEBUG)  # Django's own config holds "django" at INFO
    connection.force_debug_cursor = True
    try:
        yield stream
    finally:
        connection.force_debug_cursor = False
        sql.setLevel(old_sql_level)
        root.setLevel(old_level)
        handler.stream = old_stream


def test_registration_with_an_id_number_logs_no_id_number(client, clerk, written_logs):
    number = valid_id_number(4242)
    client.force_login(clerk)
    response = client.post(reverse("petitions:register"), {
        "channel": "visit", "received_at": timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M"), "category": "demand", "subject": "道路破损",
        "content": "村道塌陷", "headcount": "1", "party-kind": "person",
        "party-name": "王五", "party-phone": "13722223333", "party-id_number": number})
    client.get(reverse("party_lookup"), {"q": number})
    client.get(reverse("party_search"), {"q": number})
    client.post(reverse("petitions:register"), {"party-id_number": number})  # refused
    assert response.status_code == 302
    logged = written_logs.getvalue()
    assert "INSERT" in logged, "the SQL with its parameters went through the handler"
    assert number not in logged
    assert mask_id_number(number)[:6] in logged


@pytest.mark.parametrize("persona", ["engineer", "other_engineer", "handler",
                                     "other_handler"])
def test_id_number_is_masked_on_every_page_for_engineers_and_handlers(
        persona, client, personas, department):
    world = build_world(personas, department)
    client.force_login(personas[persona])
    leaks = []
    for name, (args_of, *_rest) in TABLE.items():
        response = client.get(reverse(name, args=args_of(world)))
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        if response.status_code == 200 and ID_NUMBER.encode() in body:
            leaks.append(name)
    assert leaks == []


def test_clerk_sees_the_whole_number_and_others_the_mask(client, personas, department):
    world = build_world(personas, department)
    url = reverse("party_detail", args=[world.party.pk])
    for persona in PERSONAS:
        client.force_login(personas[persona])
        page = client.get(url).content.decode()
        if persona in ("clerk", "other_clerk", "leader", "manager"):
            assert ID_NUMBER in page, persona
        elif persona != "outsider":
            assert ID_NUMBER not in page and mask_id_number(ID_NUMBER) in page, persona
