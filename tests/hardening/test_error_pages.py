"""403, 404, 500 and the CSRF failure page under DEBUG=False: Chinese, in the site's
layout with its menu, a way back to 工作台, and nothing about a record one may not see.
"""

import pytest
from django.test import Client
from django.urls import reverse

from petitions import permissions as pp

from .world import build_world

pytestmark = pytest.mark.django_db
MENU = '<nav><a href="/"'  # the menu's first entry, 工作台
HOME_LINK = '<a class="btn" href="/">返回工作台</a>'
ENGLISH = ["Not Found", "Forbidden", "Server Error", "CSRF", "requested resource"]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _page(response, status):
    assert response.status_code == status
    body = response.content.decode()
    assert HOME_LINK in body and "便民服务中心" in body
    assert not [word for word in ENGLISH if word in body], body
    return body


def test_a_missing_record_says_so_in_chinese_with_the_menu(client, clerk):
    client.force_login(clerk)
    body = _page(client.get(reverse("petitions:detail", args=[987654])), 404)
    assert "该记录不存在或您无权查看" in body and MENU in body


def test_a_missing_page_without_login_still_reads_chinese(client):
    body = _page(client.get("/static/no-such-file.css"), 404)  # no route: a 404
    assert MENU not in body  # no menu for someone not logged in


def test_a_confidential_record_refused_says_no_more_than_that(client, personas,
                                                              department):
    world = build_world(personas, department)
    secret = world.secret
    refused = 0
    for name, user in personas.items():
        if pp.can_view_petition(user, secret):
            continue
        client.force_login(user)
        response = client.get(reverse("petitions:detail", args=[secret.pk]))
        body = _page(response, response.status_code)
        assert response.status_code in (403, 404), name
        assert "该记录不存在或您无权查看" in body and MENU in body
        for leak in (secret.number, secret.subject, secret.party.name, "揭发控告"):
            assert leak not in body, f"{name} read {leak!r} on the refusal"
        refused += response.status_code == 403
    assert refused, "some refusal was a 403"


def test_a_server_error_shows_the_layout_and_the_menu(client, clerk, settings):
    settings.ROOT_URLCONF = "tests.hardening.urls_boom"
    client.raise_request_exception = False
    client.force_login(clerk)
    body = _page(client.get("/boom/"), 500)
    assert "系统暂时出错" in body and MENU in body


def test_the_500_page_renders_when_the_menu_itself_fails(client, clerk, settings,
                                                         monkeypatch):
    """The error may be the database the menu reads: the page drops the menu."""
    from servicecenter import context_processors

    def broken(*args):
        raise RuntimeError("database gone")

    settings.ROOT_URLCONF = "tests.hardening.urls_boom"
    monkeypatch.setattr(context_processors, "_items", broken)
    client.raise_request_exception = False
    client.force_login(clerk)
    body = _page(client.get("/boom/"), 500)
    assert "系统暂时出错" in body and MENU not in body


def test_a_stale_form_gets_the_chinese_csrf_page_with_a_way_back(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    came_from = "http://testserver" + reverse("notifications")
    response = client.post(reverse("notifications"), {"id": "1"},
                           HTTP_REFERER=came_from)
    body = _page(response, 403)
    assert "页面已失效，本次提交未保存" in body and MENU in body
    assert f'href="{came_from}"' in body


def test_the_csrf_page_offers_no_way_back_to_another_site(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = client.post(reverse("notifications"), {"id": "1"},
                           HTTP_REFERER="https://evil.example/")
    body = _page(response, 403)
    assert "evil.example" not in body
