"""One entry point for notices: ``notify``.

Every notice is a ``Notification`` row (the bell). Copies go out through the channels
named in ``settings.NOTIFICATION_CHANNELS`` (dotted paths to classes with
``send(notifications)``): e-mail when an e-mail backend is configured; an SMS gateway is
one more class. Delivery runs after commit (or as a Celery task when a broker is set).
"""

import logging
import operator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string

from . import registry, standin
from .models import Notification

logger = logging.getLogger(__name__)


class EmailChannel:
    def send(self, notifications):
        if not getattr(settings, "NOTIFY_BY_EMAIL", False):
            return
        for n in notifications:
            if n.recipient.email:
                send_mail(f"[{n.get_kind_display()}] {n.title}", f"{n.body}\n{n.url}",
                          None, [n.recipient.email], fail_silently=True)


def channels():
    return [import_string(path)() for path in settings.NOTIFICATION_CHANNELS]


def deliver(notification_ids):
    notices = list(Notification.objects.filter(pk__in=notification_ids)
                   .select_related("recipient"))
    for channel in channels():
        try:
            channel.send(notices)
        except Exception:  # noqa: BLE001 - one channel failing must not stop the others
            logger.exception("notification channel %s failed", type(channel).__name__)


def _schedule_delivery(ids):
    if not ids:
        return
    if getattr(settings, "CELERY_BROKER_URL", ""):
        from .tasks import deliver_notifications

        try:
            deliver_notifications.delay(ids)
            return
        except Exception as exc:  # broker unreachable: the notices are saved
            # one line, not a traceback per notice while the broker is down
            logger.warning("broker unreachable (%s), delivering %d notices in process",
                           exc, len(ids))
    deliver(ids)


def notify(recipients, kind, title, body="", url="", record=None, due_at=None,
           event=""):
    """Create one notice per recipient (once per record, kind, deadline and event);
    returns the notices created now (those that existed already are not sent again).

    A recipient away on leave (AB角) keeps the notice, to see on return, and their B
    gets a copy marked 代, while the period runs (``standin.stand_ins``)."""
    return create_notices(notices(recipients, kind, title, body, url, record, due_at,
                                  event))


def without_notice(qs, model, kind, record="pk", **match):
    """``qs`` less the rows whose record (field ``record``, a pk of ``model``) has a
    notice of ``kind`` already, with ``match`` (lookups, ``OuterRef``s to the row):
    a correlated NOT EXISTS on the notices' (content type, record, kind) index, so
    a sweep meeting the same deadlines every five minutes reads nothing more."""
    ct = ContentType.objects.get_for_model(model)
    sent = Notification.objects.filter(content_type=ct, object_id=OuterRef(record),
                                       kind=kind, **match)
    return qs.filter(~Exists(sent))


def recipient_ids(recipients) -> set:
    return {getattr(r, "pk", r) for r in recipients if r}


def notices(recipients, kind, title, body="", url="", record=None, due_at=None,
            event="", away=None) -> list[Notification]:
    """``notify``'s rows, not saved: a batch sends many with one ``create_notices``.
    ``away``: ``standin.stand_ins`` of the batch's recipients, asked once for all."""
    ct = ContentType.objects.get_for_model(record) if record is not None else None
    ids = recipient_ids(recipients)

    def row(recipient_id, title):
        return Notification(
            recipient_id=recipient_id, kind=kind, title=title, body=body, url=url,
            content_type=ct, object_id=record.pk if record is not None else None,
            due_at=due_at, event=event)

    rows = [row(r, title) for r in ids]
    away = standin.stand_ins(ids) if away is None else away
    for absent, backup in away.items():
        if absent in ids:
            rows.append(row(backup, f"【代{_name(absent)}】{title}"[:200]))
    return rows


def _name(user_id) -> str:
    from django.contrib.auth import get_user_model

    from .people import display_name

    return display_name(get_user_model().objects.filter(pk=user_id).first())


CHUNK = 1_000
ANALYZE_AFTER = 1_000  # notices created at once: the table's statistics are stale


KEY = ("recipient_id", "kind", "content_type_id", "object_id", "due_at",
       "event")  # unique
_key = operator.attrgetter(*KEY)


def create_notices(rows: list[Notification]) -> list[Notification]:
    """Insert notices, skipping those already sent (unique per recipient, kind,
    record, deadline), and deliver the new ones after commit.

    Set-based: per chunk of 1,000, one query finds those already sent; the rest are
    asked whether their recipient may view the record (``only_viewers``, so a sweep
    meeting the day's notices again asks nothing more) and written with one INSERT a
    chunk. A concurrent sweep that sent one first makes that chunk go row by row,
    each in its savepoint, as the unique constraint decides."""
    created = []
    with transaction.atomic():
        unsent: dict = {}
        for start in range(0, len(rows), CHUNK):
            for row in _unsent(rows[start:start + CHUNK]):
                unsent.setdefault(_key(row), row)
        new = only_viewers(list(unsent.values()))
        for start in range(0, len(new), CHUNK):
            created += _insert(new[start:start + CHUNK])
        if len(created) >= ANALYZE_AFTER and connection.vendor == "postgresql":
            # The first sweep after an import sends thousands; without fresh statistics
            # (autovacuum may be off) the planner takes the table for empty and the next
            # sweep's NOT EXISTS turns into a nested loop over all of them.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Notification._meta.db_table}")
        ids = [n.pk for n in created]
        recipients = [n.recipient_id for n in created]
        transaction.on_commit(
            lambda: (forget_unread(recipients), _schedule_delivery(ids)))
    return created


def only_viewers(rows: list[Notification]) -> list[Notification]:
    """The notices whose recipient may view their record under its model's rule
    (SPEC 1.10): a confidential petition is named to no one who may not open it.
    At most one query per recipient and model, on this batch's records alone."""
    from django.contrib.auth import get_user_model

    wanted: dict = {}  # (content type, recipient) -> record ids
    for row in rows:
        if row.content_type_id is not None:
            wanted.setdefault((row.content_type_id, row.recipient_id), set()).add(
                row.object_id)
    users = get_user_model().objects.in_bulk({r for _, r in wanted})
    allowed = set()  # (content type, record, recipient)
    for (ct_id, recipient), ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        qs = registry.visible(model, users.get(recipient)) if model else None
        if qs is not None and qs.query.where:  # a rule that hides some records
            ids = set(qs.filter(pk__in=ids).values_list("pk", flat=True))
        allowed.update((ct_id, pk, recipient) for pk in ids)
    return [row for row in rows if row.content_type_id is None
            or (row.content_type_id, row.object_id, row.recipient_id) in allowed]


def _unsent(rows: list[Notification]) -> list[Notification]:
    """The rows of one chunk not sent before (one query)."""
    sent = set(Notification.objects.filter(
        content_type_id__in={n.content_type_id for n in rows},
        object_id__in={n.object_id for n in rows},
        kind__in={n.kind for n in rows},
    ).values_list(*KEY))
    return [row for row in rows if _key(row) not in sent]


def _insert(rows: list[Notification]) -> list[Notification]:
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:  # a concurrent sweep sent some of them first
        pass
    created = []
    for row in rows:
        row.pk = None
        try:
            with transaction.atomic():
                row.save()
            created.append(row)
        except IntegrityError:
            continue
    return created


def _unread_key(user_id) -> str:
    return f"notice-unread:{user_id}"


def unread_count(user) -> int:
    """The bell's number, cached (Redis in production) until a notice changes."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user,
                                            read_at__isnull=True).count()
        cache.set(key, count, 300)
    return count


def forget_unread(user_ids) -> None:
    cache.delete_many([_unread_key(pk) for pk in set(user_ids)])


def mark_read(user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    updated = qs.update(read_at=timezone.now())
    forget_unread([user.pk])
    return updated
