"""The deadline badge every list and record page shows."""

import datetime

from django.template import Context, Template
from django.utils import timezone

from servicecenter.deadlines import time_left

TZ = timezone.get_fixed_timezone(8 * 60)
NOW = datetime.datetime(2026, 10, 9, 10, 0, tzinfo=TZ)


def _render(due, **flags):
    args = " ".join(f"{k}={k}" for k in flags)
    template = Template("{% load deadlines %}{% deadline d " + args + " %}")
    return template.render(Context({"d": time_left(due, NOW), **flags}))


def test_days_left_today_and_overdue_in_local_time():
    assert _render(datetime.datetime(2026, 10, 12, 9, 30, tzinfo=TZ)) == \
        "<span>2026-10-12 09:30（剩余 3 天）</span>"
    assert _render(datetime.datetime(2026, 10, 9, 17, 0, tzinfo=TZ)) == \
        "<span>2026-10-09 17:00（今日到期）</span>"
    assert _render(datetime.datetime(2026, 10, 7, 1, 30, tzinfo=datetime.UTC)) == \
        '<span class="overdue">2026-10-07 09:30（已超期 2 天）</span>'


def test_paused_provisional_and_no_deadline():
    html = _render(datetime.datetime(2027, 1, 5, 9, 0, tzinfo=TZ), provisional=True,
                   paused=True)
    assert html.startswith('<span class="state">计时暂停</span> <span>2027-01-05 09:00')
    assert html.endswith('<span class="provisional">暂定</span>')
    assert _render(None) == '<span class="muted">—</span>'
