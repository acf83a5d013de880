"""The new-petitioner block's own error is the only one shown for it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from tests.factories import valid_id_number

pytestmark = pytest.mark.django_db

GENERIC = "请先查找并选择信访人"


def _post(client, **party):
    return client.post(reverse("petitions:register"), {
        "party_id": "", "party-kind": "person", "channel": "visit",
        "category": "enquiry",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "subject": "咨询养老保险", "content": "咨询缴费年限。", "headcount": 1,
        **{f"party-{k}": v for k, v in party.items()}})


def test_wrong_id_check_digit_shows_only_that_error(client, clerk):
    good = valid_id_number(7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    client.force_login(clerk)
    page = _post(client, name="新群众", id_number=bad).content.decode()
    assert "身份证号校验位不正确" in page
    assert GENERIC not in page
    assert not Petition.objects.exists()


def test_empty_new_petitioner_block_asks_to_look_up_or_fill_in(client, clerk):
    client.force_login(clerk)
    page = _post(client).content.decode()
    assert GENERIC in page
