"""科室待办 pages its branches (accepted to take, handling, special, in review)
each on its own index (``servicecenter.paging.ids_by_arms``): the pages show the
same rows in the same order as the one OR query, nothing of anyone else's."""

import datetime
import re

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
