import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicecenter.logs import redact
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_login_locks_out_after_repeated_failures(client, clerk):
    for _ in range(5):
        client.post("/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_with_right_password(client, clerk):
    response = client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_pages_forbid_outside_sources(client, clerk):
    client.force_login(clerk)
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "http" not in csp


def test_healthz_reports_without_login_or_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "disabled"}


def test_logs_never_carry_id_or_phone_numbers():
    line = redact("lookup 110105194912310021 phone 13800138001 done")
    assert "110105194912310021" not in line and "13800138001" not in line
    assert "110105********0021" in line and "138****8001" in line


def test_production_settings_fail_closed_without_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_defaults_off_so_a_start_without_settings_fails_closed():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {**os.environ, "DEBUG": "0",
           "SECRET_KEY": "x" * 20 + "-production-secret-" + "y" * 30,
           "ALLOWED_HOSTS": "service.example.org"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy",
                             "--fail-level", "WARNING"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("url", ["/notifications/?page=%C2%B2",
                                 "/notifications/?page=999999999999999999999",
                                 "/parties/lookup/?q=a%00", "/parties/?q=a%00"])
def test_hostile_query_strings_on_shared_pages_are_not_500(client, clerk, url):
    client.force_login(clerk)
    assert client.get(url).status_code == 200


def test_hostile_notice_ids_are_ignored(client, clerk):
    client.force_login(clerk)
    response = client.post("/notifications/", {"id": ["²", "9" * 30]})
    assert response.status_code == 302
