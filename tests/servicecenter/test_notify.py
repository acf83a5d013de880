import datetime

import pytest
from django.core import mail
from django.db import connection

from servicecenter.models import Notification
from servicecenter.notify import mark_read, notify, unread_count
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_notice_is_sent_once_per_record_kind_and_deadline(clerk,
                                                          django_capture_on_commit_callbacks):
    party = PartyFactory()
    first = notify([clerk], "chase", "已超期", record=party)
    again = notify([clerk], "chase", "已超期", record=party)
    assert len(first) == 1 and again == []
    assert Notification.objects.filter(recipient=clerk).count() == 1


def test_bell_count_follows_new_and_read_notices(client, clerk,
                                                 django_capture_on_commit_callbacks):
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


def test_email_copy_goes_out_when_configured(settings, clerk,
                                             django_capture_on_commit_callbacks):
    settings.NOTIFY_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerk.email = "clerk@example.org"
    clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "reminder", "明日到期")
    assert len(mail.outbox) == 1
    assert "明日到期" in mail.outbox[0].subject


def test_failing_channel_does_not_stop_others(settings, clerk,
                                              django_capture_on_commit_callbacks):
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


DUE = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)


def _notices(user, parties, kind="chase"):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(parties[0])
    return [Notification(recipient=user, kind=kind, title="已超期", content_type=ct,
                         object_id=p.pk, due_at=DUE) for p in parties]


def test_many_notices_are_written_in_chunks_not_row_by_row(clerk,
                                                           django_assert_max_num_queries):
    """The first sweep after an import sends thousands: two queries per 1,000 (what
    was sent, one INSERT), not five per notice."""
    from servicecenter.models import Party
    from servicecenter.notify import create_notices

    Party.objects.bulk_create([Party(name=f"群众{i}", phone=f"139{i:08d}")
                               for i in range(2100)])
    parties = list(Party.objects.order_by("pk"))
    create_notices(_notices(clerk, parties[:100]))
    # 3 chunks of (check, SAVEPOINT, INSERT, RELEASE), the outer savepoint, ANALYZE;
    # SQLite splits an INSERT at 999 parameters
    limit = 3 * 4 + 4 if connection.vendor == "postgresql" else 40
    with django_assert_max_num_queries(limit):
        created = create_notices(_notices(clerk, parties) + _notices(clerk,
                                                                     parties[:5]))
    assert len(created) == 2000 and all(n.pk for n in created)
    assert Notification.objects.filter(recipient=clerk).count() == 2100


def test_a_notice_sent_by_a_concurrent_sweep_is_skipped_not_doubled(clerk, monkeypatch):
    """The existence check missed it (another sweep committed in between): the chunk's
    INSERT fails on the unique constraint and the chunk goes row by row."""
    from servicecenter import notify as notify_module

    parties = [PartyFactory() for _ in range(3)]
    notify_module.create_notices(_notices(clerk, parties[1:2]))  # the other sweep's
    monkeypatch.setattr(notify_module.Notification.objects, "filter",
                        lambda **kw: Notification.objects.none())
    created = notify_module.create_notices(_notices(clerk, parties))
    monkeypatch.undo()
    assert (sorted(n.object_id for n in created)
            == sorted([parties[0].pk, parties[2].pk]))
    assert Notification.objects.filter(recipient=clerk).count() == 3
