"""A record's timeline: transitions from its history, attachments, issued documents.

Apps may add their own entries (log entries, dispatch follow-ups) with ``Entry``.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from .files import file_url
from .models import Attachment
from .pdf import issued_documents
from .people import display_name
from .transitions import transition_label


@dataclass
class Entry:
    at: datetime.datetime
    who: str
    label: str
    remark: str = ""
    kind: str = "transition"  # transition | log | attachment | document
    state: str = ""
    url: str = ""


def _who(user) -> str:
    return display_name(user) or "系统"


def history_entries(obj) -> list[Entry]:
    model = type(obj)
    rows = (obj.history.select_related("history_user")
            .order_by("history_date", "history_id"))
    entries = []
    for row in rows:
        reason = row.history_change_reason or ""
        if reason:
            label = transition_label(model, reason)
            if label == reason and row.history_type == "+":
                label = "登记"
        else:
            label = {"+": "登记", "~": "修改", "-": "删除"}[row.history_type]
        state = row.get_state_display() if hasattr(row, "get_state_display") else ""
        entries.append(Entry(row.history_date, _who(row.history_user), label,
                             getattr(row, "history_remark", ""), "transition", state))
    return entries


def attachment_entries(obj) -> list[Entry]:
    ct = ContentType.objects.get_for_model(obj)
    qs = Attachment.objects.filter(content_type=ct, object_id=obj.pk).select_related(
        "uploaded_by"
    )
    return [Entry(a.uploaded_at, _who(a.uploaded_by), "上传附件", a.original_name,
                  "attachment", url=file_url("attachment", a.pk)) for a in qs]


def document_entries(obj) -> list[Entry]:
    qs = issued_documents(obj).select_related("issued_by")
    return [Entry(d.issued_at, _who(d.issued_by), "出具文书", d.title, "document")
            for d in qs]


def build_timeline(obj, extra: list[Entry] | None = None) -> list[Entry]:
    from .handover_work import timeline_entries

    entries = history_entries(obj) + attachment_entries(obj) + document_entries(obj)
    entries += timeline_entries(obj)
    entries += extra or []
    return sorted(entries, key=lambda e: e.at)
