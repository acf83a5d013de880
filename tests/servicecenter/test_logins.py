"""Login lockout behind the proxy: the attacker's address is locked, the user's not."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from servicecenter.logins import client_ip

pytestmark = pytest.mark.django_db
NGINX = "127.0.0.1"
ATTACKER, OFFICE = "203.0.113.66", "192.168.1.20"


@pytest.fixture(autouse=True)
def _lockout(settings):
    settings.TRUSTED_PROXY_IPS = [NGINX]
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_IP_FAILURE_LIMIT = 12


@pytest.fixture
def clerk2(db):
    return User.objects.create_user("clerk2", password="right-pass", first_name="王二")


def _login(username, password, peer=NGINX, xff=None):
    meta = {"REMOTE_ADDR": peer}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    client = Client()
    response = client.post("/login/", {"username": username, "password": password},
                           **meta)
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_login_lockout_is_the_attackers_address_not_the_users(clerk2):
    for _ in range(5):
        assert not _login("clerk2", "guess", xff=ATTACKER)
    assert not _login("clerk2", "right-pass", xff=ATTACKER)  # locked from there
    assert _login("clerk2", "right-pass", xff=OFFICE)  # the real clerk2 gets in


def test_login_lockout_of_an_address_guessing_many_names(clerk2):
    for i in range(12):
        assert not _login(f"user{i}", "guess", xff=ATTACKER)
    assert not _login("clerk2", "right-pass", xff=ATTACKER)  # first try, but locked
    assert _login("clerk2", "right-pass", xff=OFFICE)


def test_login_forwarded_for_from_an_untrusted_peer_is_ignored(clerk2):
    for i in range(5):  # a new forged address each time: still one peer
        assert not _login("clerk2", "guess", peer=ATTACKER, xff=f"10.0.0.{i}")
    assert not _login("clerk2", "right-pass", peer=ATTACKER, xff=OFFICE)
    assert _login("clerk2", "right-pass", peer=OFFICE)


def test_client_ip_takes_the_address_nginx_saw(rf, settings):
    def ip(peer, xff):
        return client_ip(rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=xff))

    assert ip(NGINX, f"1.1.1.1, {OFFICE}") == OFFICE  # the left part is the client's
    assert ip(NGINX, "garbage") == NGINX
    assert ip(OFFICE, ATTACKER) == OFFICE
    settings.TRUSTED_PROXY_IPS = []
    assert ip(NGINX, ATTACKER) == NGINX
