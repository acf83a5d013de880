"""The repair lists and 工作台, built by ``servicecenter.tables``: hostile text shows
escaped, and each table is the markup its template loop used to render."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from repairs.views.bench import _table as bench_table
from repairs.views.window import _table as list_table
from servicecenter.views import _workqueue_table
from servicecenter.workqueue import WorkItem
from tests.factories import PartyFactory, UserFactory
from tests.repairs.factories import RepairOrderFactory, VendorFactory
from tests.servicecenter.test_tables import NAME as HOSTILE
from tests.servicecenter.test_tables import shows_escaped

# The row loops of the templates these tables replaced, as they were (a person by the
# one display-name rule, servicecenter.people).
OLD_LIST = """{% load deadlines people %}<table class="list">
  <thead><tr><th>编号</th><th>客户</th><th>设备</th><th>状态</th><th>工程师</th>\
<th>外修单位</th><th>接收</th><th>时限</th></tr></thead>
  <tbody>
  {% for o, d in rows %}
  <tr><td><a href="{{ o.get_absolute_url }}">{{ o.number }}</a></td>\
<td>{{ o.party.name }}</td><td>{{ o.device_label }}</td>
    <td><span class="state">{{ o.get_state_display }}</span></td>
    <td>{{ o.engineer|person }}</td>\
<td>{{ o.current_vendor.name|default:"—" }}</td>
    <td>{{ o.received_at|date:"m-d H:i" }}</td>
    <td>{% deadline d provisional=o.due_provisional paused=o.is_paused %}</td></tr>
  {% empty %}<tr><td colspan="8" class="muted">没有符合条件的维修单。</td></tr>\
{% endfor %}
  </tbody>
</table>"""

OLD_BENCH = """{% load deadlines %}<table class="list">
  <thead><tr><th>编号</th><th>设备</th><th>状态</th><th>时限</th></tr></thead>
  <tbody>{% for o, d in rows %}
  <tr><td><a class="row-link" href="{% url 'repairs:bench_order' o.pk %}">\
{{ o.number }}</a></td><td>{{ o.device_label }}<br><span class="muted">\
{{ o.fault_description|truncatechars:30 }}</span></td>
    <td><span class="state">{{ o.get_state_display }}</span></td>
    <td>{% deadline d provisional=o.due_provisional paused=o.is_paused %}</td></tr>
  {% empty %}<tr><td colspan="4" class="muted">没有待处理的维修单。</td></tr>\
{% endfor %}</tbody>
</table>"""

OLD_WORKQUEUE = """<table class="list workqueue">
  <thead><tr><th>期限</th><th>类别</th><th>编号</th><th>事项</th><th>状态</th>\
<th>待办</th></tr></thead>
  <tbody>
  {% for i in items %}
    <tr{% if i.overdue %} class="is-overdue"{% endif %}>
      <td>{% if i.due %}<span{% if i.overdue %} class="overdue"{% endif %}>\
{{ i.due|date:"m-d H:i" }}{% if i.overdue %} 已超期{% elif i.due_today %} 今日到期\
{% endif %}</span>{% else %}<span class="muted">—</span>{% endif %}</td>
      <td>{{ i.category }}</td>
      <td><a class="row-link" href="{{ i.url }}">{{ i.number }}</a></td>
      <td>{{ i.summary|truncatechars:40 }}</td>
      <td><span class="state">{{ i.state }}</span></td>
      <td>{{ i.reason }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="6" class="muted">暂无待办事项。</td></tr>
  {% endfor %}
  </tbody>
</table>"""


def _same(html):
    """Markup as a browser shows it: whitespace around a table's own tags (not between
    the spans of a cell) is not shown."""
    return re.sub(r"\s*(</?(?:table|thead|tbody|tr|th|td)\b[^>]*>)\s*", r"\1", html)


def _old(source, **context):
    return _same(Template(source).render(Context(context)))


def _orders(engineer):
    now = timezone.now()
    nameless = UserFactory(username="nameless")
    party = PartyFactory(name=HOSTILE)
    return [
        RepairOrderFactory(party=party, received_by=engineer, device_type=HOSTILE,
                           fault_description="<b>" + "很" * 40),
        RepairOrderFactory(received_by=engineer, engineer=engineer, state="repairing",
                           due_at=now + dt.timedelta(days=3), due_provisional=True),
        RepairOrderFactory(received_by=engineer, engineer=nameless, state="repairing",
                           due_at=now - dt.timedelta(days=2)),
        RepairOrderFactory(received_by=engineer, engineer=engineer, state="at_vendor",
                           current_vendor=VendorFactory(name="A&B <维修>"),
                           due_at=now + dt.timedelta(hours=1), paused_at=now),
    ]


@pytest.mark.django_db
def test_repair_tables_are_the_old_template_rows(engineer):
    from servicecenter.deadlines import time_left

    orders = _orders(engineer)
    rows = [(o, time_left(o.due_at)) for o in orders]
    assert _same(str(list_table(orders))) == _old(OLD_LIST, rows=rows)
    assert _same(str(bench_table(orders))) == _old(OLD_BENCH, rows=rows)
    assert _same(str(list_table([]))) == _old(OLD_LIST, rows=[])
    assert _same(str(bench_table([]))) == _old(OLD_BENCH, rows=[])


def test_workqueue_table_is_the_old_template_rows():
    now = timezone.now()
    items = [WorkItem("信访", "XF<1>", HOSTILE * 3, "待<审批>", "待审批", "/x/?a=1&b=2",
                      now - dt.timedelta(days=1), approval=True),
             WorkItem("维修", "WX1", "短", "维修中", "我的维修", "/r/1/",
                      timezone.localtime(now).replace(hour=23, minute=59)),
             WorkItem("投诉", "TS1", "", "已受理", "待办", "/t/1/",
                      now + dt.timedelta(days=4)),
             WorkItem("回访", "HF1", "张三", "待回访", "待回访", "/h/1/")]
    assert _same(str(_workqueue_table(items))) == _old(OLD_WORKQUEUE, items=items)
    assert _same(str(_workqueue_table([]))) == _old(OLD_WORKQUEUE, items=[])


@pytest.mark.django_db
def test_repair_list_escapes_a_hostile_name(client, clerk):
    order = RepairOrderFactory(party=PartyFactory(name=HOSTILE), received_by=clerk)
    client.force_login(clerk)
    body = client.get(reverse("repairs:list")).content.decode()
    shows_escaped(body)
    assert f'<a href="/repairs/{order.pk}/">{order.number}</a>' in body


@pytest.mark.django_db
def test_bench_list_escapes_a_hostile_device(client, clerk, engineer):
    order = RepairOrderFactory(received_by=clerk, engineer=engineer, state="repairing",
                               device_type=HOSTILE, fault_description=HOSTILE)
    client.force_login(engineer)
    body = client.get(reverse("repairs:bench")).content.decode()
    shows_escaped(body)
    assert (f'<a class="row-link" href="/repairs/{order.pk}/bench/">{order.number}'
            "</a>") in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona, state", [("clerk", "received"),
                                            ("engineer", "repairing")])
def test_home_escapes_a_hostile_device(client, request, clerk, engineer, persona,
                                       state):
    order = RepairOrderFactory(received_by=clerk, engineer=engineer, state=state,
                               device_type=HOSTILE,
                               due_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(request.getfixturevalue(persona))
    body = client.get("/").content.decode()
    shows_escaped(body)
    assert '<table class="list workqueue">' in body
    assert '<tr class="is-overdue">' in body
    assert (f'<a class="row-link" href="/repairs/{order.pk}/">{order.number}'
            "</a>") in body
