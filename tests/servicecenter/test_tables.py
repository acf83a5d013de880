"""The Python-built list tables show what the templates showed, escaped the same way."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from petitions.models import Petition
from servicecenter import tables as t
from tests.factories import PartyFactory
from tests.petitions.factories import Flow

HOSTILE = ['<script>alert("x")</script>', "O'Brien & 子", "普通文字", 42, None,
           mark_safe("<b>已转义</b>"), "\u0000控制\u001f"]


def _tpl(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize("value", HOSTILE)
def test_esc_is_conditional_escape(value):
    assert t.esc(value) == conditional_escape(value)


TIMES = [datetime.datetime(2026, 11, 23, 1, 5, tzinfo=datetime.UTC),  # 09:05 local
         datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC),  # 2027 locally
         None]
FORMATS = [("%Y-%m-%d %H:%M", "Y-m-d H:i"), ("%m-%d %H:%M", "m-d H:i"),
           ("%Y-%m-%d", "Y-m-d"), ("%m-%d", "m-d")]
CASES = [(v, f) for v in TIMES for f in FORMATS] + [
    (datetime.date(2027, 1, 4), f) for f in FORMATS if "H" not in f[0]]


@pytest.mark.parametrize("value, formats", CASES)
def test_when_is_the_date_filter(value, formats):
    fmt, django_fmt = formats
    assert t.when(value, fmt) == _tpl(f'{{{{ v|date:"{django_fmt}" }}}}', v=value)


@pytest.mark.parametrize("text", ["短", "很" * 40, "很" * 41, "<b>" * 30, ""])
def test_truncate_is_truncatechars(text):
    assert t.truncate(text, 40) == _tpl("{{ v|truncatechars:40 }}", v=text)


def test_labels_are_get_display():
    label = t.labels(Petition, "state")
    for value, _ in Petition._meta.get_field("state").choices:
        shown = Petition(state=value).get_state_display()
        assert label(value) == conditional_escape(shown)
    assert label("<x>") == "&lt;x&gt;"  # a stray value shows as itself, escaped


def test_pk_url_reverses_once_for_every_pk():
    from django.urls import reverse

    detail = t.pk_url("petitions:detail")
    for pk in (1, 42, 10**12):
        assert detail(pk) == reverse("petitions:detail", args=[pk])


def test_table_escapes_cells_and_shows_empty_message():
    columns = [t.Column("名<称>", lambda r: t.esc(r["name"])),
               t.Column("链接", lambda r: t.link("/x/?a=1&b=2", r["name"], "btn"),
                        css=lambda r: "overdue" if r["late"] else "")]
    table = t.Table(columns, [{"name": "<i>甲</i>", "late": True},
                              {"name": "乙", "late": False}], "无",
                      row_css=lambda r: "k")
    html = str(table)
    assert "<th>名&lt;称&gt;</th><th>链接</th>" in html
    assert ('<tr class="k"><td>&lt;i&gt;甲&lt;/i&gt;</td><td class="overdue">'
            '<a class="btn" href="/x/?a=1&amp;b=2">&lt;i&gt;甲&lt;/i&gt;</a>'
            '</td></tr>') in html
    assert '<td><a class="btn" href="/x/?a=1&amp;b=2">乙</a></td>' in html
    assert len(table) == 2
    empty = str(t.Table(columns, [], "没有<记录>。"))
    assert '<tr><td colspan="2" class="muted">没有&lt;记录&gt;。</td></tr>' in empty
    assert _tpl("{{ table }}", table=table) == html  # shown as is, not escaped twice


@pytest.mark.django_db
def test_petition_list_escapes_a_hostile_name(client, clerk, leader, handler,
                                              department):
    hostile = PartyFactory(name="<script>alert(1)</script>")
    flow = Flow(clerk, leader, handler, department)
    p = flow.register(party=hostile, subject="<b>事由</b>")
    client.force_login(clerk)
    body = client.get("/petitions/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert "&lt;b&gt;事由&lt;/b&gt;" in body
    assert f'<a href="/petitions/{p.pk}/">{p.number}</a>' in body
    local = timezone.localtime(p.received_at).strftime("%Y-%m-%d %H:%M")
    assert f"<td>{local}</td>" in body


# The ticket lists built by ``servicecenter.tables``: a hostile customer shows escaped.
NAME = "<script>alert(1)</script>"


def shows_escaped(body):
    """``NAME`` is on the page escaped, never as markup (repair list tests too)."""
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


@pytest.mark.django_db
def test_ticket_list_escapes_a_hostile_name(client, clerk):
    from django.urls import reverse

    from tests.tickets.factories import ServiceTicketFactory

    ticket = ServiceTicketFactory(party=PartyFactory(name=NAME), emergency=True)
    client.force_login(clerk)
    body = client.get(reverse("tickets:list")).content.decode()
    shows_escaped(body)
    url = reverse("tickets:detail", args=[ticket.pk])
    assert (f'<td><a href="{url}">{ticket.number}</a> <span class="badge">急</span>'
            "</td>") in body


@pytest.mark.django_db
def test_revisit_list_escapes_a_hostile_name(client, clerk):
    from django.urls import reverse

    from tests.complaints.factories import make_revisit
    from tickets.models import Revisit

    today = timezone.localdate()
    r = make_revisit(party=PartyFactory(name=NAME))
    late = make_revisit(party=PartyFactory(name="迟"))
    Revisit.objects.filter(pk=r.pk).update(
        window_start=today - datetime.timedelta(days=1), window_end=today)
    late.window_start = today - datetime.timedelta(days=9)
    late.window_end = today - datetime.timedelta(days=1)
    late.save()  # keeps the call's deadline (due_at, what the sweep chases) in step
    client.force_login(clerk)
    body = client.get(reverse("tickets:revisit_list"), {"list": "due"}).content.decode()
    shows_escaped(body)
    assert f"<td>{r.number}</td>" in body  # the list shows the number as text
    assert f'<a class="btn" href="{r.get_absolute_url()}">拨打</a>' in body
    overdue = client.get(reverse("tickets:revisit_list"), {"list": "overdue"})
    assert '<td class="nowrap overdue">' in overdue.content.decode()
    assert '<td class="nowrap overdue">' not in body


@pytest.mark.django_db
def test_complaint_list_escapes_a_hostile_name(client, clerk, manager, engineer):
    from django.urls import reverse

    from tests.complaints.factories import make_complaint

    c = make_complaint("registered", clerk=clerk, manager=manager,
                       responsible=engineer, party=PartyFactory(name=NAME))
    client.force_login(manager)
    body = client.get(reverse("tickets:complaint_list")).content.decode()
    shows_escaped(body)
    assert f'<td><a href="{c.get_absolute_url()}">{c.number}</a></td>' in body
    local = timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M")
    assert f'<td class="nowrap">{local}</td>' in body


@pytest.mark.django_db
def test_case_list_escapes_a_hostile_title(client, clerk):
    """A difficult case has no customer column: its title is the user's text."""
    from django.urls import reverse

    from tests.tickets.factories import DifficultCaseFactory

    case = DifficultCaseFactory(proposed_by=clerk, title=NAME)
    client.force_login(clerk)
    body = client.get(reverse("tickets:case_list")).content.decode()
    shows_escaped(body)
    url = reverse("tickets:case_detail", args=[case.pk])
    assert f'<td><a href="{url}">{case.number}</a></td>' in body
