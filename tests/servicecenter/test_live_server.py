"""What only a real gunicorn shows: no citizen's number in any log line (access or
app), and a database connection killed between requests costs no request."""

import psycopg2
import pytest

from .live_gunicorn import Client, database_url, gunicorn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PHONE, ID_NUMBER = "13911110001", "110101199003071234"


@pytest.fixture
def clerk_login(clerk):
    clerk.set_password("live-pass-1234")
    clerk.save()
    return "clerk", "live-pass-1234"


def test_no_phone_or_id_number_in_any_log_line(tmp_path, clerk_login):
    with gunicorn(tmp_path) as base:
        client = Client(base)
        client.login(*clerk_login)
        assert client.get(f"/petitions/?q={PHONE}")[0] == 200
        assert client.get(f"/parties/?q={ID_NUMBER}")[0] == 200
        client.post("/parties/new/", {"kind": "person", "name": "日志测试",
                                      "phone": PHONE, "id_number": ID_NUMBER})
        assert client.get(f"/petitions/{PHONE}/")[0] == 404  # the app logs a 404
    access = (tmp_path / "access.log").read_text()
    server = (tmp_path / "server.log").read_text()
    assert "GET /petitions/?… HTTP/1.1" in access  # the search was logged, bare
    assert "Not Found: /petitions/139****0001/" in server  # so was the 404, redacted
    for log in (access, server):
        assert PHONE not in log and ID_NUMBER not in log
        assert "1391111" not in log and "11010119900307" not in log


def _kill_app_connections():
    """From a second connection, as an operator or a failover would."""
    with psycopg2.connect(database_url()) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend' "
                    "AND application_name NOT LIKE 'pytest%'")
        return len(cur.fetchall())


def test_a_killed_database_connection_costs_no_request(tmp_path, clerk_login):
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cur:  # the test's own connection survives the kill
        cur.execute("SET application_name = 'pytest-live'")
    with gunicorn(tmp_path) as base:
        client = Client(base)
        client.login(*clerk_login)
        for _ in range(3):
            assert client.get("/tickets/")[0] == 200
            assert _kill_app_connections() >= 1  # the worker's persistent connection
            statuses = [client.get(path)[0] for path in ("/tickets/", "/petitions/",
                                                         "/", "/notifications/")]
            log = (tmp_path / "server.log").read_text()
            assert statuses == [200, 200, 200, 200], log[-3000:]
