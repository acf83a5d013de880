"""The dashboard's trends: the closed months come from the cache, the current month
is counted live, and a save dated in a closed month shows at once. Figures equal a
plain count with the original on-time / late filters, cached or not."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from petitions.models import Petition
from repairs.models import RepairOrder
from servicecenter import registry
from servicecenter.reports import dashboard
from servicecenter.reports.accountability import local_midnight
from servicecenter.reports.processes import (
    LATE,
    ON_TIME,
    PROCESSES,
    annotate_finish,
)
from tests.servicecenter.test_redis_down import closed_port, redis_down  # noqa: F401
from tickets.models import Revisit, ServiceTicket

from . import factories as f

pytestmark = pytest.mark.django_db
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _months_ago(n, day=10, hour=10) -> datetime.datetime:
    """``day`` of the month ``n`` months before the current one, local time."""
    first = dashboard.month_starts(timezone.now())[-1 - n]
    return local_midnight(first.replace(day=day)) + datetime.timedelta(hours=hour)


def _this_month() -> datetime.datetime:
    start = local_midnight(timezone.localdate().replace(day=1))
    return max(start, timezone.now() - datetime.timedelta(minutes=5))


@pytest.fixture
def year(tech_engineer, clerk, handler, department):
    """Handled records over the last months, on time, late and without deadline."""
    for n, late in ((1, False), (1, True), (3, False), (5, True), (0, False)):
        done = _months_ago(n) if n else _this_month()
        due = done + datetime.timedelta(hours=-2 if late else 2)
        f.ticket("closed", engineer=tech_engineer, due=due, resolved=done, closed=done)
        f.petition("replied", handler=handler, department=department,
                   replied_on=timezone.localdate(done),
                   handle_due=due - datetime.timedelta(days=1 if late else -1))
        f.delivered_repair(engineer=tech_engineer, received_by=clerk, repair_due=due,
                           ready=done, closed=done)
        f.handled_complaint(responsible=handler, department=department,
                            handle_due=due, handled=done)
        f.revisit(engineer=tech_engineer, rating=1 + n % 5, completed=done)
    f.ticket("closed", engineer=tech_engineer, resolved=_months_ago(2),
             closed=_months_ago(2))  # no deadline: handled, neither on time nor late


def _plain_on_time(now) -> dict:
    """The trend as the dashboard counted it before: one grouped count per process
    with the ON_TIME / LATE filters, every month from the database."""
    months = dashboard.month_starts(now)
    table = {m: [0, 0, 0] for m in months}
    for p in PROCESSES:
        start = months[0] if p.by_day else local_midnight(months[0])
        qs = p.model._default_manager.filter(p.handled, **{f"{p.finished}__gte": start})
        rows = (annotate_finish(p, qs).order_by().values(m=TruncMonth(p.finished))
                .annotate(n=Count("pk"), ok=Count("pk", filter=ON_TIME),
                          late=Count("pk", filter=LATE)))
        for r in rows:
            cell = table.get(dashboard._month_key(r["m"]))
            if cell:
                cell[0], cell[1], cell[2] = (cell[0] + r["n"], cell[1] + r["ok"],
                                             cell[2] + r["late"])
    return {m: tuple(v) for m, v in table.items()}


def _trend(now=None) -> dict:
    return {c["month"]: (c["handled"], c["on_time"], c["late"])
            for c in dashboard.on_time_trend(now or timezone.now())}


def _ratings(now=None) -> dict:
    return {c["month"]: (c["n"], c["avg"], c["bad"])
            for c in dashboard.satisfaction_trend(now or timezone.now())}


def test_trend_equals_plain_count_cold_warm_and_without_cache(year):
    now = timezone.now()
    expected = _plain_on_time(now)
    assert sum(v[0] for v in expected.values()) == 21  # the data is all there
    assert _trend(now) == expected  # cold: counts the closed months, caches them
    assert _trend(now) == expected  # warm
    with override_settings(CACHES=NO_CACHE):  # Redis down: no cache at all
        assert _trend(now) == expected
    last = expected[dashboard.month_starts(now)[-2]]
    assert last == (8, 4, 4)


@pytest.mark.usefixtures("redis_down")
def test_dashboard_with_redis_down_counts_every_month(year, client, manager):
    client.force_login(manager)
    assert client.get(reverse("reports:dashboard")).status_code == 200
    now = timezone.now()
    assert _trend(now) == _trend(now) == _plain_on_time(now)


def test_ratings_trend_equals_plain_average(year):
    source = registry.ratings()
    months = dashboard.month_starts(timezone.now())
    cold = _ratings()
    assert _ratings() == cold
    for month, (n, avg, bad) in cold.items():
        rows = source.rated().filter(**{f"{source.rated_at}__gte": local_midnight(
            month), f"{source.rated_at}__lt": local_midnight(
            (month + datetime.timedelta(days=32)).replace(day=1))})
        ratings = list(rows.values_list("rating", flat=True))
        assert n == len(ratings)
        assert avg == (round(sum(ratings) / n, 2) if n else None)
        assert bad == sum(r in source.bad_values for r in ratings)
    assert cold[months[-2]] == (2, 2.0, 2)  # two calls rated 2 last month


def test_closed_months_come_from_the_cache(year):
    _trend()
    with CaptureQueriesContext(connection) as ctx:
        _trend()
    # the current month only: one query per process
    assert len(ctx.captured_queries) == len(PROCESSES)
    # an update() sends no signal: the cached month stands until its timeout
    ServiceTicket.objects.filter(closed_at__lt=local_midnight(
        timezone.localdate().replace(day=1))).update(due_at=None)
    last = dashboard.month_starts(timezone.now())[-2]
    assert _trend()[last] == (8, 4, 4)


def test_a_reply_dated_last_month_shows_at_once(
        year, handler, department, django_capture_on_commit_callbacks):
    last = dashboard.month_starts(timezone.now())[-2]
    before = _trend()[last]
    with django_capture_on_commit_callbacks(execute=True):
        f.petition("replied", handler=handler, department=department,
                   replied_on=timezone.localdate(_months_ago(1)),
                   handle_due=_months_ago(1, day=20))
    assert _trend()[last] == (before[0] + 1, before[1] + 1, before[2])


def test_an_edit_of_a_closed_month_record_shows(
        year, django_capture_on_commit_callbacks):
    """A deadline corrected in the admin on a ticket closed last month."""
    last = dashboard.month_starts(timezone.now())[-2]
    before = _trend()[last]
    ticket = ServiceTicket.objects.filter(
        closed_at__month=last.month, due_at__gt=F("resolved_at")).first()
    ticket.due_at = ticket.resolved_at - datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        ticket.save()
    assert _trend()[last] == (before[0], before[1] - 1, before[2] + 1)


def test_deleting_a_record_of_a_closed_month_shows(
        year, django_capture_on_commit_callbacks):
    last = dashboard.month_starts(timezone.now())[-2]
    before = _trend()[last]
    order = RepairOrder.objects.filter(closed_at__month=last.month).first()
    with django_capture_on_commit_callbacks(execute=True):
        order.delete()
    assert _trend()[last][0] == before[0] - 1


def test_a_field_cleared_on_a_closed_month_record_shows(
        year, django_capture_on_commit_callbacks):
    """The value it had when loaded counts too: clearing it moves the record out."""
    last = dashboard.month_starts(timezone.now())[-2]
    before = _ratings()[last]
    call = Revisit.objects.filter(completed_at__month=last.month).first()
    call.completed_at = None
    with django_capture_on_commit_callbacks(execute=True):
        call.save()
    assert _ratings()[last][0] == before[0] - 1


def test_this_month_is_live(year, tech_engineer):
    this = dashboard.month_starts(timezone.now())[-1]
    before = _trend()[this]
    done = _this_month()
    f.ticket("closed", engineer=tech_engineer, due=done - datetime.timedelta(hours=1),
             resolved=done, closed=done)  # no commit hook needed: counted live
    assert _trend()[this] == (before[0] + 1, before[1], before[2] + 1)


def test_backlog_indexes_cover_the_clocks_open_states():
    """The partial indexes name the open states the Meta class cannot import."""
    for model, name in ((Petition, "petition_backlog_idx"),
                        (ServiceTicket, "ticket_backlog_idx"),
                        (RepairOrder, "repair_backlog_idx")):
        index = next(i for i in model._meta.indexes if i.name == name)
        (lookup, states), = index.condition.children
        assert lookup == "state__in" and set(states) == set(model.clock.open), name
    bad = next(i for i in Revisit._meta.indexes if i.name == "revisit_bad_idx")
    assert sorted(dict(bad.condition.children)["rating__in"]) == sorted(
        Revisit.BAD_RATINGS)


def test_the_dashboard_page_is_counted_once_a_minute_for_every_reader(
        year, client, manager, leader):
    url = reverse("reports:dashboard")
    client.force_login(manager)
    with CaptureQueriesContext(connection) as first:
        page = client.get(url)
    assert page.status_code == 200 and "每分钟更新" in page.content.decode()
    client.force_login(leader)  # another reader within the minute: no aggregates
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second.captured_queries) <= len(first.captured_queries) - 15
    counted = [q["sql"] for q in second.captured_queries if "COUNT(" in q["sql"]]
    assert all("servicecenter_notification" in sql for sql in counted)  # the bell


@pytest.mark.usefixtures("redis_down")
def test_without_redis_every_dashboard_visit_counts(year, client, manager):
    client.force_login(manager)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:dashboard")).status_code == 200
        counts.append(sum("COUNT(" in q["sql"] and "notification" not in q["sql"]
                          for q in ctx.captured_queries))
    assert counts[0] == counts[1] > 10
