"""A record's timeline: transitions from its history, attachments, issued documents.

The three come from one query (a UNION of the history table, the attachments and the
issued documents, each with its person's name joined), read as plain values: a history
row is a copy of the whole record, and building those as model instances was most of
a record page's timeline. Apps may add their own entries (log entries, dispatch
follow-ups) with ``Entry``.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import F, Value

from .files import file_url
from .models import Attachment, IssuedDocument
from .people import display_name
from .transitions import STATE_FIELD, transition_label

HISTORY, ATTACHMENT, DOCUMENT = 0, 1, 2
TYPE_LABELS = {"+": "登记", "~": "修改", "-": "删除"}


@dataclass
class Entry:
    at: datetime.datetime
    who: str
    label: str
    remark: str = ""
    kind: str = "transition"  # transition | log | attachment | document
    state: str = ""
    url: str = ""
    code: str = ""  # a document's type (``doc_type``)


def _who(uid, first, last) -> str:
    if uid is None:
        return "系统"
    # the one display rule (people.display_name) over the joined name columns
    return display_name(get_user_model()(pk=uid, first_name=first or "",
                                          last_name=last or ""))


def _columns(part, ref, at, user, code=None, op=None, note=None, state=None):
    blank = Value("")
    return {"t_at": F(at), "t_part": Value(part), "t_ref": F(ref),
            "t_code": F(code) if code else blank, "t_op": F(op) if op else blank,
            "t_note": F(note) if note else blank,
            "t_state": F(state) if state else blank, "t_uid": F(f"{user}_id"),
            "t_first": F(f"{user}__first_name"), "t_last": F(f"{user}__last_name")}


def _history_rows(obj):
    fields = {f.name for f in obj.history.model._meta.fields}
    return obj.history.order_by().values(**_columns(
        HISTORY, "history_id", "history_date", "history_user",
        code="history_change_reason", op="history_type",
        note="history_remark" if "history_remark" in fields else None,
        state=STATE_FIELD if STATE_FIELD in fields else None))


def _timeline_query(obj, ct_id):
    attachments = Attachment.objects.filter(content_type_id=ct_id, object_id=obj.pk) \
        .order_by().values(**_columns(ATTACHMENT, "pk", "uploaded_at", "uploaded_by",
                                      note="original_name"))
    documents = IssuedDocument.objects.filter(content_type_id=ct_id, object_id=obj.pk) \
        .order_by().values(**_columns(DOCUMENT, "pk", "issued_at", "issued_by",
                                      code="doc_type", note="title"))
    return _history_rows(obj).union(attachments, documents, all=True) \
        .order_by("t_at", "t_part", "t_ref")


# stand-ins for the record's key and content type while the SQL is compiled
_PK, _CT = 2_147_480_001, 2_147_480_002  # in range: out of range reads as empty
_compiled: dict[type, tuple[str, list]] = {}


def _compiled_sql(model):
    """The timeline's SQL for ``model``, compiled once per process: building and
    compiling the UNION took longer than running it. Parameters are the record's key
    and content type where the stand-ins were, else the compiled constants."""
    if model not in _compiled:
        stand_in = model(pk=_PK)
        sql, params = _timeline_query(stand_in, _CT).query.sql_with_params()
        if (params.count(_PK), params.count(_CT)) != (3, 2):
            raise RuntimeError(f"timeline SQL of {model.__name__}: unexpected params")
        _compiled[model] = (sql, list(params))
    return _compiled[model]


def _timeline_rows(obj):
    sql, params = _compiled_sql(type(obj))
    ct_id = ContentType.objects.get_for_model(obj).pk
    values = [obj.pk if p == _PK else ct_id if p == _CT else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _history_entry(model, states, row) -> Entry:
    reason = row["t_code"] or ""
    if reason:
        label = transition_label(model, reason)
        if label == reason and row["t_op"] == "+":
            label = "登记"
    else:
        label = TYPE_LABELS[row["t_op"]]
    return Entry(row["t_at"], _who(row["t_uid"], row["t_first"], row["t_last"]),
                 label, row["t_note"] or "", "transition",
                 states.get(row["t_state"], row["t_state"] or ""))


def _entry(model, states, row) -> Entry:
    if row["t_part"] == HISTORY:
        return _history_entry(model, states, row)
    who = _who(row["t_uid"], row["t_first"], row["t_last"])
    if row["t_part"] == ATTACHMENT:
        return Entry(row["t_at"], who, "上传附件", row["t_note"], "attachment",
                     url=file_url("attachment", row["t_ref"]))
    return Entry(row["t_at"], who, "出具文书", row["t_note"], "document",
                 code=row["t_code"])


def _state_labels(model) -> dict:
    try:
        field = model._meta.get_field(STATE_FIELD)
    except FieldDoesNotExist:
        return {}
    return {str(k): str(v) for k, v in field.flatchoices}


def build_timeline(obj, extra: list[Entry] | None = None) -> list[Entry]:
    """History, attachments and issued documents in one query, the handovers (转交)
    in one more, then ``extra``, by time (a tie keeps that order)."""
    from .handover_work import timeline_entries

    model, states = type(obj), _state_labels(type(obj))
    entries = [_entry(model, states, row) for row in _timeline_rows(obj)]
    entries += timeline_entries(obj)
    return sorted(entries + (extra or []), key=lambda e: e.at)


def history_entries(obj) -> list[Entry]:
    model, states = type(obj), _state_labels(type(obj))
    return [_history_entry(model, states, row)
            for row in _history_rows(obj).order_by("history_date", "history_id")]


def issued_codes(entries: list[Entry]) -> set[str]:
    """The document types issued, read from a timeline already built."""
    return {e.code for e in entries if e.kind == "document"}
