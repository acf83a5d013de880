"""The one party look-up script (static/js/party_lookup.js) on the forms whose
browser tests do not already pick a party: the service-ticket intake and the complaint
registration. Typing looks up; a pick fills party_id; nothing found opens the new-party
section where there is one."""

import pytest

from tests.e2e.conftest import login
from tests.factories import PASSWORD, PartyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ticket_intake_finds_picks_and_offers_a_new_party(new_page, clerk):
    party = PartyFactory(name="伊吾县第二中学", phone="09940000002")
    page = new_page()
    login(page, "clerk", PASSWORD)
    page.goto("/tickets/new/")
    page.fill("#party-lookup", "无此客户")
    page.wait_for_selector("#party-results li")
    assert "未找到" in page.inner_text("#party-results")
    assert page.locator("#new-party").is_visible()
    page.fill("#party-lookup", "09940000002")
    page.click("#party-results .party-pick")
    assert "伊吾县第二中学" in page.inner_text("#party-chosen")
    assert page.input_value("input[name=party_id]") == str(party.pk)
    assert not page.locator("#new-party").is_visible()


def test_complaint_form_picks_the_complainant_by_typing(new_page, clerk):
    party = PartyFactory(name="马建华", phone="13900000009")
    page = new_page()
    login(page, "clerk", PASSWORD)
    page.goto("/tickets/complaints/new/")
    page.fill("#party-q", "13900000009")
    page.click("#party-results .party-pick")
    assert "马建华" in page.inner_text("#party-chosen")
    assert page.input_value("input[name=party_id]") == str(party.pk)
