"""What every simulated user does the way a browser does: log in once through the
login form, read a page, submit one of its forms with the page's own CSRF token,
one-time submit token and ``expected_state``.

A ``Session`` wraps a transport with ``request(method, path, group, params, data)``
returning a ``Page`` (status, final url, text): Locust's HTTP client in the
locustfile, Django's test client in the tests. ``group`` is the page group the
request is counted under in the report.
"""

import base64
import random
import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass

from .htmlforms import Form, form_with, forms, links

PASSWORD_ENV = "LOADTEST_PASSWORD"
DEFAULT_PASSWORD = "load-test-2026"
# the logins generate_data makes (loadgen.data.base_people), per role and count
LOGINS = {"clerk": 6, "engineer": 20, "handler": 12, "leader": 3, "manager": 2}
NUMBER = re.compile(r"\b(?:XF|FW|TS|WX)\d{4}-\d{4,}\b")
TEXT = "负载测试：群众来电反映情况，窗口已记录。"


@dataclass
class Page:
    status: int
    url: str
    text: str
    redirected: bool = False  # a form accepted answers with a redirect

    @property
    def ok(self) -> bool:
        return self.status < 400

    def forms(self) -> list[Form]:
        return forms(self.text)

    def links(self, pattern: str) -> list[str]:
        return links(self.text, re.compile(pattern))

    def numbers(self) -> list[str]:
        return list(dict.fromkeys(NUMBER.findall(self.text)))


# form refused (re-shown with errors: another user moved the record first, or the
# choice did not fit it), per group; reported next to the errors, not as errors
REFUSED: Counter = Counter()
REASONS: dict = {}  # group -> the first refusal's messages, to tell why
_ERROR = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)


class Session:
    def __init__(self, transport, rng=None):
        self.transport = transport
        self.rng = rng or random.Random()

    def get(self, path, group, params=None) -> Page:
        return self.transport.request("GET", path, group, params=params)

    def post(self, path, group, data) -> Page:
        return self.transport.request("POST", path, group, data=data)

    def login(self, username, password) -> bool:
        page = self.get("/login/", "login")
        form = form_with(page.text, "username")
        if form is None:
            return False
        done = self.post(form.action or "/login/", "login",
                         form.data(username=username, password=password))
        return done.ok and done.redirected and "/login/" not in done.url

    def submit(self, page: Page, form: Form, group: str, **values) -> Page | None:
        """Post ``form`` as the browser would (its action, or the page's own URL);
        None when the form came back refused (counted in REFUSED)."""
        done = self.post(form.action or _path(page.url), group, form.data(**values))
        if done.ok and not done.redirected:
            REFUSED[group] += 1
            REASONS.setdefault(group, re.sub(r"<[^>]+>", " ", " ".join(
                _ERROR.findall(done.text)))[:200].strip())
            return None
        return done if done.ok else None

    def open_form(self, path, group, field="csrfmiddlewaretoken"):
        """GET a page with a form (a verb's page, an intake page); (page, form)."""
        page = self.get(path, group)
        form = form_with(page.text, field, "") if page.ok else None
        if form is not None and form.method != "post":
            form = next((f for f in page.forms() if f.method == "post"
                         and f.has(field)), None)
        return page, form

    def phone(self) -> str:
        """A phone to look up (the tests point it at their own parties)."""
        return random_phone(self.rng)

    def pick(self, items):
        return self.rng.choice(items) if items else None


def _path(url: str) -> str:
    url = re.sub(r"^https?://[^/]+", "", url or "")
    return url.split("?", 1)[0]


def login_for(role: str, rng) -> str:
    return f"gen_{role}{rng.randrange(LOGINS[role])}"


def random_phone(rng) -> str:
    """A phone in generate_data's pattern: most are on file, some are not."""
    return f"1{rng.choice('3589')}{rng.randrange(250_000):09d}"


def signature_data_url(rng) -> str:
    """A small real PNG with a pen stroke, as the tablet's signature pad sends."""
    width, height = 160, 48
    row_at = [int(height / 2 + 14 * ((x * 7 + rng.randrange(5)) % 29 - 14) / 14)
              for x in range(width)]
    rows = b"".join(b"\x00" + bytes(0 if abs(y - row_at[x]) < 2 else 255
                                    for x in range(width)) for y in range(height))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode()
