"""The demo centre as a reviewer first sees it: every item of the catalogue is
received at a window, and the public guide says which."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from matters.models import ServiceItem

pytestmark = pytest.mark.django_db


def test_every_demo_item_names_the_window_that_receives_it(client):
    call_command("seed_demo", stdout=io.StringIO())
    items = list(ServiceItem.objects.filter(is_active=True).select_related(
        "window", "department"))
    assert items and all(item.window for item in items)
    # its department's own window where it has one, else the first (综合受理)
    for item in items:
        own = item.department.windows.filter(is_active=True).order_by("number").first()
        assert item.window == (own or item.window.__class__.objects.order_by(
            "number").first()), item.name
    page = client.get(
        reverse("public:guide_item", args=[items[0].code])).content.decode()
    assert str(items[0].window) in page
