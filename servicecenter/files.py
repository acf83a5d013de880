"""Stored files: saved under random names, served only to whoever may see their record.

Every stored file (attachments, issued documents, dispatch receipts, signatures) is
reached through one view, ``serve_file`` at ``files/<kind>/<pk>/``. It asks the
visibility rule that the record's app registered (``registry.register_visibility``),
and answers the same 404 for a file that does not exist and for one the user may not
see, so a confidential petition's attachment does not even show that it exists. There
is no ``/media/`` route, in development as in production.

On disk a file has a random name (``RandomName``); the citizen's file name and the
type found by ``validate_upload`` are data, used for Content-Disposition and
Content-Type. Saving goes through ``store``, which turns a storage failure (a folder
that is not writable, a full disk) into a refusal the clerk can read.
"""

import datetime
import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from . import registry
from .transitions import TransitionRefused

logger = logging.getLogger(__name__)

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
              "image/webp": ".webp"}
INLINE_TYPES = frozenset(EXTENSIONS)  # shown in the browser; anything else downloads
STORAGE_FAILED = ("文件未能保存（存储目录不可写或磁盘已满），本次提交的内容均未保存。"
                  "请联系系统管理员处理后重新提交。")


@deconstructible
class RandomName:
    """upload_to: ``<prefix>/<yyyy>/<mm>/<32 hex>.<ext>``; the extension follows the
    checked type where the row has one, never the citizen's name beyond a known one."""

    def __init__(self, prefix: str, type_field: str = "mime_type"):
        self.prefix = prefix
        self.type_field = type_field

    def __call__(self, instance, filename: str) -> str:
        ext = EXTENSIONS.get(getattr(instance, self.type_field, ""), "")
        if not ext:
            suffix = PurePosixPath(filename or "").suffix.lower()
            ext = suffix if suffix in EXTENSIONS.values() else ""
        return f"{self.prefix}/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and (other.prefix, other.type_field) == (
            self.prefix, self.type_field)


class StorageUnavailable(TransitionRefused):
    """The storage refused the file; raised inside the use case's atomic block, so
    the whole record rolls back and the view shows the message with the form."""


@contextmanager
def storage_guard():
    """Around code that writes files (a FileField saved with its row, say): a storage
    failure becomes StorageUnavailable instead of a 500."""
    try:
        yield
    except OSError as exc:
        logger.error("storing a file failed: %s", exc)
        raise StorageUnavailable(STORAGE_FAILED) from exc


def store(field_file, content, name: str = "") -> None:
    """Save ``content`` into a FileField (without saving the row)."""
    with storage_guard():
        field_file.save(name or getattr(content, "name", "") or "file", content,
                        save=False)


def citizen_file_name(upload) -> str:
    """The citizen's file name as data: printable characters, at most 200."""
    name = "".join(c for c in (upload.name or "") if c.isprintable()).strip()
    return (name or "file")[:200]


def checked_type(upload, **kwargs) -> str:
    """validate_upload as a refusal the views show (TransitionRefused)."""
    from .validators import validate_upload

    try:
        return validate_upload(upload, **kwargs)
    except ValidationError as exc:
        raise TransitionRefused("；".join(exc.messages)) from exc


def save_attachment(record, user, upload, kind: str = "document"):
    """Check and store one upload as an Attachment of ``record``: the one way every
    app saves a scan, photo or document."""
    from .models import Attachment

    mime = checked_type(upload)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        kind=kind, original_name=citizen_file_name(upload), mime_type=mime,
        size=upload.size, uploaded_by=user,
    )
    store(attachment.file, upload)
    attachment.save()
    return attachment


@dataclass
class StoredFile:
    file: object  # a FieldFile
    record: object  # whose visibility rule decides
    name: str  # the name the user sees (Content-Disposition)
    content_type: str


def file_url(kind: str, pk: int) -> str:
    return reverse("file", args=[kind, pk])


def may_view_record(user, record) -> bool:
    """The record's registered visibility rule; a model without one shows nothing."""
    return record is not None and bool(registry.may_view(user, record))


@require_safe
@login_required
def serve_file(request, kind: str, pk: int):
    """A stored file, to whoever may view its record; 404 alike for missing and not
    permitted."""
    source = registry.file_sources.get(kind)
    stored = source(pk) if source else None
    if stored is None or not stored.file or not may_view_record(request.user,
                                                                 stored.record):
        raise Http404
    inline = stored.content_type in INLINE_TYPES
    content_type = stored.content_type if inline else "application/octet-stream"
    prefix = getattr(settings, "MEDIA_X_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        location = prefix.rstrip("/") + "/" + quote(stored.file.name)
        response["X-Accel-Redirect"] = location
        response["Content-Disposition"] = content_disposition_header(not inline,
                                                                     stored.name)
    else:
        try:
            handle = stored.file.open("rb")
        except OSError:
            logger.error("stored file %s is missing", stored.file.name)
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type,
                                as_attachment=not inline, filename=stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(pk):
    from .models import Attachment

    a = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    return a and StoredFile(a.file, a.record, a.original_name, a.mime_type)


def _document(pk):
    from .models import IssuedDocument

    d = IssuedDocument.objects.select_related("content_type").filter(pk=pk).first()
    return d and StoredFile(d.file, d.record, f"{d.title}.pdf", "application/pdf")


registry.register_file_source("attachment", _attachment)
registry.register_file_source("document", _document)
