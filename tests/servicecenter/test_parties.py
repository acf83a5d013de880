import pytest

from servicecenter.models import Party
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_search_by_phone_finds_party(client, clerk):
    party = PartyFactory(name="张建国", phone="13800138001")
    client.force_login(clerk)
    response = client.get("/parties/", {"q": "13800138001"})
    assert party.name in response.content.decode()


def test_search_by_id_number_finds_party_and_masks_it(client, engineer):
    party = PartyFactory(name="李秀英")
    client.force_login(engineer)
    html = client.get("/parties/", {"q": party.id_number}).content.decode()
    assert "李秀英" in html
    assert html.count(party.id_number) == 1  # only echoed back in the search box
    assert party.masked_id_number in html


def test_party_page_shows_full_id_only_to_roles_that_need_it(client, clerk, engineer):
    party = PartyFactory()
    client.force_login(engineer)
    assert party.id_number not in client.get(f"/parties/{party.pk}/").content.decode()
    client.force_login(clerk)
    assert party.id_number in client.get(f"/parties/{party.pk}/").content.decode()


def test_create_party_with_bad_id_number_shows_chinese_error_and_saves_nothing(
    client, clerk
):
    client.force_login(clerk)
    response = client.post("/parties/new/", {
        "kind": "person", "name": "测试", "phone": "13900000000",
        "id_number": "110105194912310021",
    })
    assert response.status_code == 200
    assert "校验位" in response.content.decode()
    assert not Party.objects.filter(name="测试").exists()


def test_create_party_requires_phone_or_id(client, clerk):
    client.force_login(clerk)
    response = client.post("/parties/new/", {"kind": "person", "name": "无联系方式"})
    assert "至少填写一项" in response.content.decode()


def test_duplicate_id_number_is_refused(client, clerk):
    existing = PartyFactory()
    client.force_login(clerk)
    response = client.post("/parties/new/", {
        "kind": "person", "name": "重复", "phone": "13900000001",
        "id_number": existing.id_number,
    })
    assert "已建档" in response.content.decode()


def test_engineer_cannot_edit_party(client, engineer):
    party = PartyFactory()
    client.force_login(engineer)
    assert client.get(f"/parties/{party.pk}/edit/").status_code == 403


def test_lookup_returns_json_for_intake_forms(client, clerk):
    party = PartyFactory(phone="13512345678")
    client.force_login(clerk)
    data = client.get("/parties/lookup/", {"q": "13512345678"}).json()
    assert data["results"][0]["id"] == party.pk


def test_party_card_pdf_downloads(client, clerk):
    party = PartyFactory()
    client.force_login(clerk)
    response = client.get(f"/parties/{party.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
