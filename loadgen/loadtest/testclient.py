"""A ``browse.Session`` transport over Django's test client (the tests, and a dry
run of the scenario in process): CSRF enforced, redirects followed as a browser
does, every request noted as (method, path, group, status)."""

from django.test import Client

from .browse import Page


class ClientTransport:
    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.calls: list[tuple] = []

    def request(self, method, path, group, params=None, data=None):
        if method == "GET":
            response = self.client.get(path, params or {}, follow=True)
        else:
            response = self.client.post(path, data or {}, follow=True)
        self.calls.append((method, path, group, response.status_code))
        if response.streaming:
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        return Page(response.status_code, response.request["PATH_INFO"],
                    body.decode(errors="replace"), bool(response.redirect_chain))
