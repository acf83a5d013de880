import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "", "pw")


def _queries(client, url):
    client.get(url)  # warm the per-user caches (bell, work-queue count)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_party_changelist_queries_do_not_grow_with_rows(client, superuser):
    client.force_login(superuser)
    PartyFactory.create_batch(10)
    few = _queries(client, "/admin/servicecenter/party/")
    PartyFactory.create_batch(190)
    many = _queries(client, "/admin/servicecenter/party/")
    assert few == many


def test_party_csv_export_streams_filtered_rows(client, superuser):
    client.force_login(superuser)
    PartyFactory(name="导出甲", phone="13000000001")
    PartyFactory(name="导出乙", phone="13000000002")
    response = client.get("/admin/servicecenter/party/export.csv", {"q": "13000000001"})
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "导出甲" in body and "导出乙" not in body
    assert body.startswith("\ufeffID,姓名/名称,类型,电话")
