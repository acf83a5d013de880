import pytest
from django.core import mail

from servicecenter.models import Notification
from servicecenter.notify import mark_read, notify, unread_count
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_notice_is_sent_once_per_record_kind_and_deadline(clerk, django_capture_on_commit_callbacks):
    party = PartyFactory()
    first = notify([clerk], "chase", "已超期", record=party)
    again = notify([clerk], "chase", "已超期", record=party)
    assert len(first) == 1 and again == []
    assert Notification.objects.filter(recipient=clerk).count() == 1


def test_bell_count_follows_new_and_read_notices(client, clerk, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    assert unread_count(clerk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "info", "新的待办")
    assert unread_count(clerk) == 1
    html = client.get("/").content.decode()
    assert '<span class="badge">1</span>' in html
    assert "新的待办" in client.get("/notifications/").content.decode()
    mark_read(clerk)
    assert unread_count(clerk) == 0


def test_email_copy_goes_out_when_configured(settings, clerk, django_capture_on_commit_callbacks):
    settings.NOTIFY_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerk.email = "clerk@example.org"
    clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "reminder", "明日到期")
    assert len(mail.outbox) == 1
    assert "明日到期" in mail.outbox[0].subject


def test_failing_channel_does_not_stop_others(settings, clerk, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_CHANNELS = ["tests.servicecenter.test_notify.BrokenChannel",
                                      "tests.servicecenter.test_notify.RecordingChannel"]
    RecordingChannel.seen = []
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "info", "测试")
    assert [n.title for n in RecordingChannel.seen] == ["测试"]


class BrokenChannel:
    def send(self, notifications):
        raise ConnectionError("SMS gateway down")


class RecordingChannel:
    seen: list = []

    def send(self, notifications):
        RecordingChannel.seen.extend(notifications)


def test_unreachable_broker_delivers_in_process(settings, clerk, monkeypatch,
                                                django_capture_on_commit_callbacks):
    from servicecenter.tasks import deliver_notifications

    def down(*args):
        raise ConnectionError("broker down")

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.NOTIFY_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(deliver_notifications, "delay", down)
    clerk.email = "clerk@example.org"
    clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "reminder", "明日到期")
    assert len(mail.outbox) == 1
