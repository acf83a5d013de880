"""``{% deadline d provisional=… paused=… %}``: the deadline badge of lists and record
pages. A tag rather than an include: a 50-row list renders it 50 times, and an include
costs a template context and node walk each time (a third of a queue page's time)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..deadlines import time_left
from ..tables import when

register = template.Library()


@register.simple_tag
def deadline(d, provisional=False, paused=False):
    """``d`` is what ``servicecenter.deadlines.time_left`` returns."""
    parts = [mark_safe('<span class="state">计时暂停</span>')] if paused else []
    if not d or not d.get("due"):
        parts.append(mark_safe('<span class="muted">—</span>'))
        return mark_safe(" ".join(parts))
    due = when(d["due"])
    if d["overdue"] and not paused:  # a paused clock is never overdue
        parts.append(format_html('<span class="overdue">{}（已超期 {} 天）</span>', due,
                                 d["days_overdue"]))
    elif d["days_left"] == 0:
        parts.append(format_html("<span>{}（今日到期）</span>", due))
    else:
        parts.append(format_html("<span>{}（剩余 {} 天）</span>", due, d["days_left"]))
    if provisional:
        parts.append(mark_safe('<span class="provisional">暂定</span>'))
    return mark_safe(" ".join(parts))


def record_deadline(record):
    """The badge of a list row (``servicecenter.tables``), as the record's ``clock``
    says: the running deadline, "计时暂停" with the deadline that stands still, or —
    (closed, or a state with no time limit)."""
    clock = type(record).clock
    if clock.is_paused(record):
        return deadline(time_left(getattr(record, clock.due_field)), paused=True)
    due = clock.due(record)
    provisional = due is not None and due == getattr(record, "due_at", None) and \
        getattr(record, "due_provisional", False)
    return deadline(time_left(due), provisional=provisional)
