"""工作台's rebuild, after a transition anywhere dropped the cached lists, reads its
sources in a fixed number of queries however many records are on the list: each
list's columns in one query, no query per item, and every app's counts in one
(``workqueue.count_all``). 44 queries for the benchmark's clerk at 1M before
(2026-12-03), 19 after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matters.models import State as MatterState
from servicecenter import workqueue
from tests.complaints.factories import make_revisit
from tests.matters.factories import make_application
from tests.petitions.factories import Flow
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import Revisit, ServiceTicket

pytestmark = pytest.mark.django_db
# the session, the user, the roles; then the sources of a clerk's list and counts
MAX_REBUILD_QUERIES = 18


def _stock(flow, clerk, n):
    """n records of each of nine kinds on a clerk's 工作台."""
    for _ in range(n):
        flow.petition("result_reported")
        ServiceTicketFactory(state=ServiceTicket.State.NEW)
        ServiceTicketFactory(state=ServiceTicket.State.RESOLVED)
        for state in ("received", "awaiting_dispatch", "ready"):
            RepairOrderFactory(state=state, received_by=clerk)
        make_application(first_receiver=clerk)
        make_application(MatterState.TO_TOWN)
        revisit = make_revisit()
        Revisit.objects.filter(pk=revisit.pk).update(window_start=timezone.localdate())


def _rebuild(client) -> tuple[int, str]:
    workqueue.bump()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_clerk_workqueue_rebuild_queries_do_not_grow_with_the_list(
        client, clerk, leader, handler, department):
    flow = Flow(clerk, leader, handler, department)
    client.force_login(clerk)
    _stock(flow, clerk, 1)
    _rebuild(client)  # the first view fills the per-process caches
    few, _ = _rebuild(client)
    _stock(flow, clerk, 3)
    many, html = _rebuild(client)
    assert html.count("row-link") == 4 * 9  # each source's records are listed
    assert many == few <= MAX_REBUILD_QUERIES
