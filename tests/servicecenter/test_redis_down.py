"""Redis (cache) and the broker are optional: with both at a closed port the window
still works -- login, a list, a transition, a file download -- and /healthz says 503."""

import importlib.util
import socket
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from servicecenter.files import file_url
from servicecenter.models import Attachment
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import ServiceTicket

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture
def closed_port():
    """A port bound but not listening: connections to it are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _settings_with(monkeypatch, **env):
    """servicecenter/settings.py evaluated afresh under ``env``, as a server starts."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "settings_under_test", ROOT / "servicecenter" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def redis_down(monkeypatch, closed_port):
    url = f"redis://127.0.0.1:{closed_port}/0"
    built = _settings_with(monkeypatch, REDIS_URL=url, CELERY_BROKER_URL=url)
    with override_settings(CACHES=built.CACHES, SESSION_ENGINE=built.SESSION_ENGINE,
                           CELERY_BROKER_URL=built.CELERY_BROKER_URL):
        from servicecenter.celery import app

        monkeypatch.setattr(app.conf, "broker_url", url)
        yield


@pytest.mark.django_db
def test_login_list_transition_and_download_without_redis(redis_down, client, clerk,
                                                          engineer):
    assert type(caches["default"]).__name__ == "DegradingRedisCache"
    ticket = ServiceTicketFactory(state=ServiceTicket.State.NEW, problem="打印机脱机")
    clerk.set_password("demo-pass-1234")
    clerk.save()
    response = client.post(reverse("login"), {"username": "clerk",
                                              "password": "demo-pass-1234"})
    assert response.status_code == 302 and response.url == reverse("home")

    page = client.get(reverse("tickets:list"))
    assert page.status_code == 200 and "打印机脱机" in page.content.decode()

    response = client.post(reverse("tickets:assign", args=[ticket.pk]),
                           {"engineer": engineer.pk, "expected_state": "new"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == ServiceTicket.State.ASSIGNED and ticket.engineer == engineer

    attachment = Attachment(record=ticket, original_name="scan.pdf",
                            mime_type="application/pdf", size=9, uploaded_by=clerk,
                            content_type=ContentType.objects.get_for_model(ticket))
    attachment.file.save("scan.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    download = client.get(file_url("attachment", attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n"


@pytest.mark.django_db
def test_healthz_reports_the_cache_down(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_the_cache_degrades_and_logs_the_outage_once(redis_down, caplog):
    assert cache.get("k", "default") == "default"
    assert cache.set("k", 1) is None and cache.add("k", 1) is False
    assert cache.get_or_set("v", 7, None) == 7
    with pytest.raises(ValueError):
        cache.incr("v")
    assert cache.get_many(["a", "b"]) == {}
    cache.delete_many(["a"])
    outage = [r for r in caplog.records if r.name == "servicecenter.cache"]
    assert len(outage) == 1 and "unreachable" in outage[0].getMessage()


def test_back_from_an_outage_the_cache_starts_cold(caplog):
    """A delete dropped while Redis was down must not leave a stale entry served
    once it is back: the first call after the outage drops the cache's keys."""
    from servicecenter.cache import DegradingRedisCache
    from servicecenter.settings import build_caches

    config = build_caches("redis://127.0.0.1:6379/10")["default"]
    live = DegradingRedisCache(config["LOCATION"], config)
    live.set("probe", 1)
    assert live.get("probe") == 1, "Redis on 127.0.0.1:6379 (db 10) is needed here"
    live.set("workqueue:last-count:1", 5)
    live._down = True  # as after a failed call whose write (a delete) was dropped
    assert live.get("workqueue:last-count:1") is None
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    live.set("k", 2)
    assert live.get("k") == 2 and live._down is False
    live.delete("k")
    live.delete("probe")
