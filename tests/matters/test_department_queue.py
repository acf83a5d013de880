"""科室待办 pages its branches (accepted to take, handling, special, in review)
each on its own index (``servicecenter.paging.ids_by_arms``): the pages show the
same rows in the same order as the one OR query, nothing of anyone else's."""

import datetime
import re

from django.db import connection
from django.urls import reverse

from matters.models import State
from matters.views import queries
from servicecenter.paging import PAGE_SIZE
from tests.matters.factories import at, make_application

S = State


def _numbers(html):
    return re.findall(r"BJ2026-9\d{4}", html)


def test_department_queue_pages_match_the_or_query(client, handler, other_handler,
                                                    department, db):
    department.head = handler
    department.save()
    start = at(1, month=3)
    arms = [(S.ACCEPTED, {}), (S.HANDLING, {"handler": handler}),
            (S.SPECIAL, {"handler": handler}), (S.REVIEW, {"handler": other_handler})]
    for n in range(PAGE_SIZE + 12):
        state, fields = arms[n % len(arms)]
        make_application(state, due_at=start + datetime.timedelta(hours=7 * n % 90),
                         **fields)
    # someone else's work, and what is not the department's to act on
    make_application(S.HANDLING, handler=other_handler, due_at=start)
    make_application(S.CLOSED, handler=handler, due_at=None)
    expected = list(queries.department_queue(handler).order_by("due_at", "id")
                    .values_list("number", flat=True))
    assert len(expected) == PAGE_SIZE + 12
    client.force_login(handler)
    url = reverse("matters:department")
    first = _numbers(client.get(url).content.decode())
    second = _numbers(client.get(url, {"page": 2}).content.decode())
    assert first + second == expected


def test_each_branch_is_read_in_page_order_off_an_index(handler, department, db):
    """Each branch's first page comes off an index in (due_at, id) order: without the
    id in the index PostgreSQL fetched and sorted a busy handler's ~8,000 handling
    办件 at 1M for each page (``matter_handler_queue_idx``,
    ``matter_dept_queue_idx``)."""
    department.head = handler
    department.save()
    make_application(S.HANDLING, handler=handler, due_at=at(1, month=3))
    arms = queries.department_arms(handler)
    assert len(arms) == 4
    with connection.cursor() as cursor:
        for setting in ("enable_sort", "enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        for arm in queries.department_queue_arms(handler, arms, ("due_at", "id")):
            plan = arm.values_list("pk", flat=True)[:PAGE_SIZE + 1].explain()
            assert "Sort" not in plan, plan
