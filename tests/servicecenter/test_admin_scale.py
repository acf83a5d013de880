"""Every process model's admin changelist: constant queries whatever the row count."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.complaints.factories import make_complaint, make_revisit
from tests.petitions.factories import Flow
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import (
    DifficultCaseFactory,
    MaintenancePlanFactory,
    ServiceTicketFactory,
)

pytestmark = pytest.mark.django_db


def _clone(obj, n, vary):
    """n more rows like ``obj`` (bulk, as a million-row table would hold)."""
    model = type(obj)
    rows = []
    for i in range(n):
        copy = model.objects.get(pk=obj.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        vary(copy, i)
        rows.append(copy)
    model.objects.bulk_create(rows)


def _num(prefix):
    return lambda o, i: setattr(o, "number", f"{prefix}2030-{i + 10:05d}")


@pytest.fixture
def one_of_each(clerk, leader, handler, department, engineer, manager):
    flow = Flow(clerk, leader, handler, department)
    revisit = make_revisit(user=clerk)
    return {
        "petitions/petition": (flow.petition("accepted"), _num("XF")),
        "tickets/serviceticket": (ServiceTicketFactory(engineer=engineer), _num("FW")),
        "tickets/difficultcase": (DifficultCaseFactory(proposed_by=clerk),
                                   lambda o,
                                   i: setattr(o, "number", f"YN2030-{i + 10:04d}")),
        "tickets/maintenanceplan": (MaintenancePlanFactory(engineer=engineer),
                                    lambda o, i: None),
        "tickets/complaint": (make_complaint("accepted", clerk=clerk, manager=manager,
                                             responsible=engineer), _num("TS")),
        "tickets/revisit": (revisit, lambda o, i: (_num("HF")(o, i),
                                                   setattr(o, "record_id",
                                                           10_000 + i))),
        "repairs/repairorder": (RepairOrderFactory(engineer=engineer,
                                                   received_by=clerk), _num("WX")),
    }


def _root():
    """A superuser who is also a leader: the superuser alone sees no process record
    (SPEC 1.10), the leader's role sees them all."""
    from django.contrib.auth.models import Group

    root = User.objects.create_superuser("root", "", "pw")
    root.groups.add(Group.objects.get(name="leader"))
    return root


def _queries(client, url):
    client.get(url)  # warm per-user caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_every_process_changelist_uses_constant_queries(client, one_of_each):
    client.force_login(_root())
    for path, (obj, vary) in one_of_each.items():
        url = f"/admin/{path}/"
        _clone(obj, 9, vary)
        few = _queries(client, url)
        _clone(obj, 190, lambda o, i, v=vary: v(o, i + 100))
        many = _queries(client, url)
        assert few == many, (path, few, many)
        assert many <= 12, (path, many)


def test_changelist_csv_export_streams(client, one_of_each):
    client.force_login(_root())
    response = client.get("/admin/tickets/serviceticket/export.csv")
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert one_of_each["tickets/serviceticket"][0].number in body


@pytest.mark.postgres
def test_paginator_counts_up_to_1000_then_asks_the_planner(
        django_assert_max_num_queries):
    from servicecenter.admin_scale import EXACT_COUNT, EstimatedCountPaginator
    from servicecenter.models import Party

    Party.objects.bulk_create(
        [Party(name=f"群众{i}", phone=f"139{i:08d}",
               village="城关村" if i % 4 else "河西村")
         for i in range(4000)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE servicecenter_party")
    few = Party.objects.filter(village="河西村")  # 1,000: counted exactly
    assert EstimatedCountPaginator(few, 50).count == 1000 == EXACT_COUNT
    many = Party.objects.filter(village="城关村")  # 3,000: the planner's estimate
    with django_assert_max_num_queries(2):
        estimate = EstimatedCountPaginator(many, 50).count
    assert 2400 <= estimate <= 3600
    assert EstimatedCountPaginator(Party.objects.all(), 50).count >= 3200


@pytest.mark.postgres
def test_paginator_takes_a_large_estimate_without_counting(
        monkeypatch, django_assert_num_queries):
    from servicecenter import admin_scale
    from servicecenter.models import Party

    Party.objects.bulk_create(
        [Party(name=f"群众{i}", phone=f"138{i:08d}",
               village="城关村" if i % 4 else "河西村")
         for i in range(4000)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE servicecenter_party")
    monkeypatch.setattr(admin_scale, "SURE_ESTIMATE", 2_000)
    many = Party.objects.filter(village="城关村")  # ~3,000 expected: no COUNT
    with django_assert_num_queries(1) as captured:
        estimate = admin_scale.EstimatedCountPaginator(many, 50).count
    assert captured.captured_queries[0]["sql"].startswith("EXPLAIN")
    assert 2400 <= estimate <= 3600
    few = Party.objects.filter(village="河西村")  # ~1,000 expected: counted
    assert admin_scale.EstimatedCountPaginator(few, 50).count == 1000
    # a rule that lets its reader see nothing: no SQL to plan, and a count of 0
    assert admin_scale.EstimatedCountPaginator(Party.objects.none(), 50).count == 0


def test_admin_speaks_chinese_to_an_english_browser(client, manager):
    client.force_login(manager)
    page = client.get("/admin/tickets/serviceticket/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="zh-hans"' in html
    assert "<title>选择 技术服务任务单 来修改" in html and "Select " not in html


def _changelist(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"]


def test_fast_rows_are_djangos_rows(client, one_of_each):
    """The per-column rows are cell for cell what Django's items_for_result gives: the
    link with the preserved filters, choice labels, dates, foreign keys, empty values,
    booleans and the admin's own methods."""
    from django.contrib.admin.templatetags.admin_list import results

    from servicecenter.templatetags.admin_fast import fast_result_list, fast_rows

    client.force_login(_root())
    for path in [*one_of_each, "servicecenter/party", "servicecenter/issueddocument"]:
        for query in ["", "?o=-2.1", "?q=a%26b"]:
            cl = _changelist(client, f"/admin/{path}/{query}")
            theirs = ["".join(row) for row in results(cl)]
            ours = ["".join(row) for row in fast_rows(cl)]
            assert ours == theirs, (path, query)
            if query == "" and path in one_of_each:
                assert len(ours) == 1 and 'href="/admin/' in ours[0], path
    cl = _changelist(client, "/admin/tickets/serviceticket/?state=new")
    assert "_changelist_filters=state%3Dnew" in fast_rows(cl)[0][0]
    popup = _changelist(client, "/admin/tickets/serviceticket/?_popup=1")
    assert "data-popup-opener" in "".join(fast_result_list(popup)["results"][0])


def test_dates_worked_out_once_a_page_read_as_django_shows_them():
    """The admin rows' date columns: the active language's format, compiled once, gives
    what ``display_for_field`` gives; a format with more than numbers stays Django's."""
    import datetime as dt

    from django.contrib.admin.utils import display_for_field
    from django.db import models
    from django.utils import translation

    from servicecenter.templatetags.admin_fast import _date_format

    utc = dt.UTC
    when = [dt.datetime(2026, 1, 2, 3, 4, tzinfo=utc),
            dt.datetime(2026, 12, 31, 16, 0, tzinfo=utc),  # 2027 in 北京时间
            dt.datetime(999, 10, 10, 23, 59, 59, tzinfo=utc)]
    days = [dt.date(2026, 1, 2), dt.date(2027, 10, 31)]
    for field, values in ((models.DateTimeField(), when), (models.DateField(), days)):
        fast = _date_format(field)
        for value in values:
            assert fast(value) == display_for_field(value, field, "-"), value
    with translation.override("en"):  # "N j, Y, P": month names, a.m./p.m.
        assert _date_format(models.DateTimeField()) is None
    assert _date_format(models.TimeField()) is None


def test_fast_changelist_page_is_djangos_page(client, one_of_each, monkeypatch):
    """The whole changelist page (rows, filter sidebar with its links, selected
    choices and counts, headers, pagination) with the fast template is the page
    Django's own change_list.html renders: the same text and markup, the CSRF token
    and the runs of whitespace between tags aside."""
    import re

    from django.contrib import admin

    from servicecenter.admin_scale import OverdueFilter
    from servicecenter.templatetags.admin_fast import fast_list_filter

    def page(url, template):
        monkeypatch.setattr(model_admin, "change_list_template", template)
        response = client.get(url)
        assert response.status_code == 200, url
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "",
                      response.content.decode())
        return re.sub(r"\s+", " ", body)

    client.force_login(_root())
    for path, (obj, _) in [*one_of_each.items(), ("servicecenter/party", (None, 0))]:
        model_admin = next(a for m, a in admin.site._registry.items()
                           if m._meta.label_lower == path.replace("/", "."))
        queries = ["", "?o=-2.1", "?q=a%26b", "?_facets=True"]
        if "state" in model_admin.list_filter:
            overdue = "&overdue=no" if OverdueFilter in model_admin.list_filter else ""
            queries.append(f"?state__exact={obj.state}{overdue}")
        for query in queries:
            url = f"/admin/{path}/{query}"
            ours = page(url, "admin/servicecenter/change_list_fast.html")
            assert ours == page(url, "admin/change_list.html"), url
            assert "changelist-filter" in ours or path == "servicecenter/party", url
    cl = _changelist(client, "/admin/tickets/serviceticket/?state__exact=new")
    sidebar = "".join(fast_list_filter(cl, spec) for spec in cl.filter_specs)
    assert '<li class="selected">\n    <a href="?state__exact=new">' in sidebar
