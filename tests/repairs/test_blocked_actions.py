"""The bench and the window say what is missing when an expected action is not
offered; the reasons come from the transitions' conditions."""

import pytest
from django.urls import reverse

from repairs import services

pytestmark = pytest.mark.django_db

MISSING = "送复检前须至少填写一条维修过程记录"


def test_bench_says_a_process_record_is_missing_before_reinspection(
        client, engineer, make_order):
    order = make_order(state="repairing")
    client.force_login(engineer)
    finish = reverse("repairs:finish_repair", args=[order.pk])
    for url in (reverse("repairs:bench_order", args=[order.pk]),
                order.get_absolute_url()):
        page = client.get(url).content.decode()
        assert MISSING in page and f'href="{finish}"' not in page
    services.add_log_entry(order, engineer, action="更换主板")
    page = client.get(reverse("repairs:bench_order", args=[order.pk])).content.decode()
    assert MISSING not in page and f'href="{finish}"' in page


def test_refused_finish_without_entries_names_what_is_missing(engineer, make_order):
    from servicecenter.transitions import TransitionRefused

    order = make_order(state="repairing")
    with pytest.raises(TransitionRefused, match=MISSING):
        services.finish_repair(order, engineer)
