"""Every URL pattern requires login: walk them all as an anonymous user."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages meant for people who are not logged in, and why.
PUBLIC = {
    "login",  # the login page itself
    "logout",  # logging out when already logged out is harmless
    "admin:login",  # the admin's own login page
    "admin:logout",
    "healthz",  # load balancer probe: no data, only "ok"
    # public by law (tests/matters/test_public.py, test_lookup.py, test_rating.py):
    # the service guide and its files, the status lookup, the rating screens
    "public:guide", "public:guide_item", "public:guide_pdf",
    "public:material_template", "public:form_file", "public:lookup",
    "public:rating", "public:rating_poll", "public:rating_rate",
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = (f"{namespace}:{entry.name}" if namespace and entry.name
                    else entry.name)
            yield name, prefix + str(entry.pattern)


def _concrete(pattern: str) -> str:
    path = re.sub(r"<int:\w+>", "1", pattern)
    path = re.sub(r"<path:\w+>", "x/y", path)
    path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


ALL_URLS = sorted(set(_walk(get_resolver())), key=lambda item: item[1])


def test_walk_finds_the_app_urls():
    names = {name for name, _ in ALL_URLS}
    assert {"home", "party_search", "party_detail", "admin:index"} <= names


@pytest.mark.parametrize("name,pattern", [u for u in ALL_URLS if u[0] not in PUBLIC])
def test_anonymous_is_sent_to_login(client, name, pattern):
    url = _concrete(pattern)
    response = client.get(url)
    assert response.status_code == 302, (name, url, response.status_code)
    assert "/login/" in response["Location"], (name, url, response["Location"])


def test_home_for_logged_in_clerk_shows_workbench(client, clerk):
    client.force_login(clerk)
    response = client.get("/")
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_party_pages_refuse_user_without_role(client, outsider):
    client.force_login(outsider)
    assert client.get("/parties/?q=1").status_code == 403
