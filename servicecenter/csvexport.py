"""The product's one CSV writer: admin exports and the reports' CSV files.

- Streams: rows are written as they are read, in batches, so a million-row export
  holds one batch in memory, never the file.
- Starts with a UTF-8 BOM: Excel, which the centres open CSV files with, otherwise
  reads the Chinese as mojibake.
- Neutralises formula injection: a citizen's name such as ``=HYPERLINK(...)`` would run
  as a formula when the file is opened. A text cell starting with ``=``, ``+``, ``-``,
  ``@``, tab or CR gets a leading ``'``, which Excel and LibreOffice read as "text".
- Shows values as people read them (:func:`cell_text`): labels, not codes; names, not
  ids; 是/否; local time.
"""

import csv
import datetime
import functools
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500  # lines per chunk sent: one write per row made 10^6 tiny chunks


def safe_cell(value):
    """``value`` as a cell that a spreadsheet will not run as a formula. Numbers are
    left alone: a Python number prints as a literal (``-3``), never as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, value):
        return value


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The file's text in chunks: BOM and header, then batches of rows."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([safe_cell(c) for c in header])
    batch = []
    for row in rows:
        batch.append(writer.writerow([safe_cell(c) for c in row]))
        if len(batch) >= BATCH:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A small CSV file (a report) as one string, written by the same rules."""
    return "".join(csv_lines(header, rows))


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]):
    """A streamed CSV download."""
    response = StreamingHttpResponse(csv_lines(header, rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@functools.cache
def _labels(field) -> dict:
    """A field's choices as a dict, built once (per cell: a tenth of an export)."""
    return dict(field.flatchoices)


def cell_text(value, field=None):
    """A value as a manager reads it: a choice's label, 是/否, a person's name, a
    record's name, local time ``YYYY-MM-DD HH:MM``."""
    if value is None or value == "" and field is not None:
        return ""
    if field is not None and field.choices and not isinstance(value, models.Model):
        return _labels(field).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        from django.contrib.auth import get_user_model

        if isinstance(value, get_user_model()):
            from .people import display_name

            return display_name(value)
        return str(value)
    return value


def field_rows(queryset, fields, chunk: int = 2000):
    """Rows of ``fields`` (concrete fields of the queryset's model) as people read
    them. Read as tuples, a chunk at a time (building model instances was half of an
    export's time); the records a foreign key points to are fetched once per chunk,
    never per row."""
    rows = queryset.values_list(*[f.attname for f in fields]).iterator(chunk_size=chunk)
    while batch := list(itertools.islice(rows, chunk)):
        related = {i: f.related_model._base_manager.in_bulk(
                   {row[i] for row in batch} - {None})
                   for i, f in enumerate(fields) if f.is_relation}
        for row in batch:
            yield [cell_text(related[i].get(v) if i in related else v, f)
                   for i, (v, f) in enumerate(zip(row, fields, strict=True))]
