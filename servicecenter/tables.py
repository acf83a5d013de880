"""The window lists' tables, built in Python a row at a time (as the admin's rows are).

Written as a template, a 25-row list was 40 % of its page: every ``{{ }}`` a variable
lookup through the context, every ``{% url %}`` a reverse, every ``|date`` a format
parse, every ``get_…_display`` a walk of the choices. Here a list declares its columns
once (a header and a cell function, as ``list_display`` does in the admin) and a row is
one string. A cell function returns HTML: it escapes what it shows with ``esc`` or
``format_html``; the helpers below do. A template shows the table as ``{{ table }}``.
"""

import datetime
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import get_default_timezone

DASH = '<span class="muted">—</span>'
_PK = 9087254163  # stands for the pk in a reversed URL


def esc(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper (a third of a row's time):
    the same characters escaped the same way."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Any], str]  # row -> escaped HTML
    css: str | Callable[[Any], str] = ""  # the <td>'s class, or row -> class


class Table:
    """``{{ table }}``: a ``<table class="list">`` of ``rows``; ``empty`` is the one-row
    message of an empty list; ``row_css`` gives a row's ``<tr>`` class."""

    def __init__(self, columns: list[Column], rows: Iterable, empty: str,
                 css: str = "list", row_css: Callable[[Any], str] | None = None):
        self.columns, self.rows, self.empty = columns, list(rows), empty
        self.css, self.row_css = css, row_css

    def __len__(self):
        return len(self.rows)

    def _cells(self, row) -> str:
        out = []
        for c in self.columns:
            css = c.css(row) if callable(c.css) else c.css
            out.append(f'<td class="{css}">' if css else "<td>")
            out.append(c.cell(row))
            out.append("</td>")
        return "".join(out)

    def _row(self, row) -> str:
        css = self.row_css(row) if self.row_css else ""
        return (f'<tr class="{css}">' if css else "<tr>") + self._cells(row) + "</tr>"

    def __html__(self) -> SafeString:
        head = "".join(f"<th>{esc(c.header)}</th>" for c in self.columns)
        span = len(self.columns)
        body = "\n".join(self._row(r) for r in self.rows) or (
            f'<tr><td colspan="{span}" class="muted">{esc(self.empty)}</td></tr>')
        return mark_safe(f'<table class="{self.css}">\n<thead><tr>{head}</tr></thead>\n'
                         f"<tbody>\n{body}\n</tbody>\n</table>")

    __str__ = __html__


def pk_url(name: str, *args) -> Callable[[int], str]:
    """pk -> the URL of ``name`` with that pk, reversed once per list rather than once
    per row (for URL patterns whose first argument is an ``int`` pk, the others the
    same on every row: ``args``)."""
    pattern = reverse(name, args=[_PK, *args])
    head, tail = pattern.split(str(_PK))
    return lambda pk: f"{head}{int(pk)}{tail}"


def link(url: str, text, css: str = "") -> str:
    css = f' class="{esc(css)}"' if css else ""
    return f'<a{css} href="{esc(url)}">{esc(text)}</a>'


def when(value: datetime.datetime | datetime.date | None, fmt: str = "%Y-%m-%d %H:%M"):
    """A date or a local time as ``|date`` shows it (``Y-m-d H:i`` by default); empty
    for none. Local is the default time zone: the app never activates another."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(get_default_timezone())
    return value.strftime(fmt)


def labels(model, field: str) -> Callable[[Any], str]:
    """value -> the escaped label of a choice field, as ``get_<field>_display``."""
    choices = {k: esc(str(v)) for k, v in model._meta.get_field(field).flatchoices}
    return lambda value: choices[value] if value in choices else esc(value)


def state(label: str) -> str:
    """The state badge; ``label`` is already escaped (``labels``)."""
    return f'<span class="state">{label}</span>'


def truncate(text, length: int) -> str:
    """``|truncatechars:length``, escaped."""
    return esc(Truncator(text or "").chars(length))


def or_dash(value) -> str:
    """The value, or a dash where the template showed ``|default:"—"``."""
    return esc(value) if value else "—"
