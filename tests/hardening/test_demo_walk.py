"""The demo data walked as every demo persona under DEBUG=False, as a browser would.

Each persona opens 工作台, every page its menu and 工作台 link to (and the pages those
link to), the admin index if staff, and every record page and PDF of the demo data.
No response may be a 5xx, no page may show a login name where a person is named
(pickers, filters, timelines, tables, PDFs), and every form carries ``novalidate`` so
the browser's English bubbles never replace the Chinese messages.
"""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from petitions import pdf as petition_pdf
from servicecenter import pdf as shared_pdf
from servicecenter.demo import DEMO_USERS

pytestmark = pytest.mark.django_db
PERSONAS = [username for username, *_ in DEMO_USERS] + ["admin", "village1", "village2"]
LOGIN_NAME = re.compile(r"\b(?:" + "|".join(PERSONAS) + r")\b")  # whole words only
# Not pages to walk: leaving, the admin beyond its index (the admin has tests of its
# own), and uploaded or static files.
SKIP = re.compile(r"^/(logout/|admin/.+|media/|static/)")
MAX_DEPTH = 2  # 工作台 → menu page → the pages it links to


class Page(HTMLParser):
    """Links, forms, picker options and the visible text of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self.options, self.text = [], [], [], []
        self._in, self._skip = None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append(attrs)
        elif tag == "option":
            self._in = "option"
            self.options.append("")
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "option":
            self._in = None
        elif tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in == "option":
            self.options[-1] += data
        if not self._skip and data.strip():
            self.text.append(data.strip())


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def record_urls() -> list[str]:
    """Every record page and PDF of the demo data (the PDF URL names of each app's
    urls.py); a process model with demo rows and no row here fails the test."""
    from matters import pdf as matter_pdf
    from matters.models import Application, Appointment, ItemVersion
    from petitions.models import Petition
    from repairs.models import ExternalDispatch, RepairOrder
    from servicecenter.models import Party, Window
    from tickets.models import (
        Complaint,
        DifficultCase,
        MaintenancePlan,
        Revisit,
        ServiceTicket,
    )

    petition_docs = [f"documents/{doc}/" for doc in petition_pdf.DOCS]
    table = {
        Petition: ["petitions:detail"],
        ServiceTicket: ["tickets:detail", "tickets:tablet_detail", "tickets:pdf",
                        "tickets:parts_pdf", "tickets:maintenance_pdf"],
        Complaint: ["tickets:complaint_detail", "tickets:complaint_pdf"],
        Revisit: ["tickets:revisit_call", "tickets:revisit_pdf"],
        DifficultCase: ["tickets:case_detail"],
        RepairOrder: ["repairs:detail", "repairs:bench_order", "repairs:receipt_pdf",
                      "repairs:process_pdf", "repairs:pickup_pdf"],
        ExternalDispatch: ["repairs:dispatch_pdf"],
        Party: ["party_detail", "party_pdf"],
        MaintenancePlan: [],  # shown on tickets:maintenance_plans, walked from the menu
        Application: ["matters:detail"],
        Appointment: ["matters:appointment", "matters:appointment_slip"],  # 预约
        ItemVersion: [],  # a guide's version: the public guide pages show it
        Window: [],  # no page of its own: the admin, the 转交/来电转告 pickers
    }
    numbered = {m for m in apps.get_models() if any(f.name == "number" for f in
                m._meta.fields) and not m.__name__.startswith("Historical")}
    missing = [m.__name__ for m in numbered - set(table) if m.objects.exists()]
    assert not missing, f"demo records of {missing} are not walked"
    urls = []
    for model, names in table.items():
        for pk in model.objects.values_list("pk", flat=True):
            urls += [reverse(name, args=[pk]) for name in names]
            if model is Petition:
                page = reverse("petitions:detail", args=[pk])
                urls += [page + doc for doc in petition_docs]
            if model is Application:  # the documents each 办件 has issued so far
                urls += [d["url"] for d in matter_pdf.available(
                    Application.objects.get(pk=pk))]
    return urls


@pytest.fixture
def demo(settings, monkeypatch):
    """The demo data, DEBUG off, and the HTML of every PDF rendered kept for reading."""
    settings.DEBUG = False
    call_command("seed_demo", stdout=io.StringIO())
    rendered = []
    real = shared_pdf.render_to_string

    def keep(template_name, context=None, *args, **kwargs):
        html = real(template_name, context, *args, **kwargs)
        rendered.append((template_name, html))
        return html

    monkeypatch.setattr(shared_pdf, "render_to_string", keep)
    return rendered


def _internal(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    url = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.match(url) else url


class Walk:
    def __init__(self, client, persona):
        self.client, self.persona = client, persona
        self.seen, self.problems = set(), []

    def get(self, url: str):
        if url in self.seen:
            return None
        self.seen.add(url)
        response = self.client.get(url)
        if response.status_code >= 500:
            self.problems.append(f"{self.persona} GET {url} → {response.status_code}")
        elif response.get("Content-Type", "").startswith("text/html"):
            if not url.startswith("/admin/"):  # Django's own pages, helper D's names
                self.check(url, parse(response.content.decode()))
            return response
        return None

    def check(self, url: str, page: Page):
        where = f"{self.persona} {url}"
        for form in page.forms:
            if "novalidate" not in form:
                self.problems.append(f"{where}: <form action={form.get('action')!r}> "
                                     "lacks novalidate")
        for text in page.options + page.text:
            if LOGIN_NAME.search(text):
                self.problems.append(f"{where}: login name in {text!r}")

    def crawl(self, start: str, depth: int):
        frontier = [start]
        for _ in range(depth + 1):
            found = []
            for url in frontier:
                response = self.get(url)
                if response is not None:
                    page = parse(response.content.decode())
                    found += [u for u in map(_internal, page.links) if u]
            frontier = [u for u in dict.fromkeys(found) if u not in self.seen]


def test_every_persona_walks_the_demo_data_without_a_server_error(client, demo):
    client.raise_request_exception = False  # a 500 is seen as the visitor sees it
    records = record_urls()
    problems = []
    for persona in PERSONAS:
        user = User.objects.get(username=persona)
        client.force_login(user)
        walk = Walk(client, persona)
        walk.crawl(reverse("home"), MAX_DEPTH)
        if user.is_staff:
            walk.get(reverse("admin:index"))
        for url in records:
            walk.crawl(url, 1)  # the record and its action forms (with their pickers)
        problems += walk.problems
        client.logout()
    for template_name, html in demo:
        for text in parse(html).text:
            if LOGIN_NAME.search(text):
                problems.append(f"PDF {template_name}: login name in {text!r}")
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert len(demo) > 20, "the walk printed next to no PDFs"


def test_people_are_named_through_the_one_rule():
    """A name printed past servicecenter.people falls back to the login name for a
    staff account with no name entered (``get_full_name|default:username``)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    bypass = re.compile(r"get_full_name|get_username\(\)|\.username\b")
    offenders = []
    apps_code = [p for app in ("servicecenter", "petitions", "tickets", "repairs")
                 for p in (root / app).glob("**/*.py")]
    for path in [*root.glob("templates/**/*.html"), *apps_code]:
        rel = path.relative_to(root).as_posix()
        if rel == "servicecenter/people.py" or "/migrations/" in rel:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if bypass.search(line) and "id_username" not in line:
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_admin_names_people_too(client, demo):
    """The admin's lists, change forms and history pages of the centre's records
    print users through Django (str(user)): by name there as well."""
    from django.contrib import admin

    client.raise_request_exception = False
    client.force_login(User.objects.get(username="admin"))
    walk = Walk(client, "admin")
    for model in admin.site._registry:
        if model._meta.app_label not in ("servicecenter", "petitions", "tickets",
                                          "repairs"):
            continue
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}"
                             "_changelist")
        urls = [changelist]
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls += [f"{changelist}{first.pk}/{end}/" for end in ("change", "history")]
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                walk.problems.append(f"admin GET {url} → {response.status_code}")
            elif response.status_code == 200:
                page = parse(response.content.decode())
                walk.problems += [f"admin {url}: login name in {text!r}"
                                  for text in page.options + page.text
                                  if LOGIN_NAME.search(text)]
    assert not walk.problems, "\n".join(walk.problems)
