"""Hostile form posts: random and malicious values, field by field, from a valid base.

``check_form`` posts ``max_examples`` mutations of a valid submission and asserts what
the citizen-facing rules say: never a 500, nothing half-written when the answer is an
error, and the error is said in Chinese (an errorlist or an error message).
"""

import re

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import files

KEEP, OMIT = object(), object()
CJK = re.compile(r"[\u4e00-\u9fff]")
ERRORS = re.compile(
    r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>'
    r'|<li class="[^"]*error[^"]*">(.*?)</li>',
    re.S)
MAX_UPLOAD = 2048  # ATTACHMENT_MAX_BYTES during these tests, so "oversize" is cheap

NASTY = [
    "\x00", "abc\x00def", "名字\x00", "\x01\x02\x1b[31m\x7f", "\u202e\u200b", "\ufeff",
    "²", "١٢", "-1", "0", "9" * 30, "1e309", "NaN", "abc", "一二三", "2026-13-45",
    "99999-01-01T00:00", "0000-00-00", "<script>alert(1)</script>", "' OR 1=1 --",
    "__bogus__", " ", "\t\r\n", "字" * 5000, "a" * 300, "13900000000" * 3,
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=30),
                 st.text(min_size=150, max_size=400))
FILES = st.sampled_from(["text_as_jpg", "oversize_png", "empty", "nul_name",
                         "pdf_named_exe"])

PNG = files.PNG  # a real PNG: uploads are read whole


def good_png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def bad_file(kind):
    if kind == "text_as_jpg":
        return SimpleUploadedFile("photo.jpg", b"just text, not a picture",
                                  content_type="image/jpeg")
    if kind == "oversize_png":
        return SimpleUploadedFile("big.png", PNG + b"\x00" * (MAX_UPLOAD + 1),
                                  content_type="image/png")
    if kind == "empty":
        return SimpleUploadedFile("empty.png", b"", content_type="image/png")
    if kind == "nul_name":
        return SimpleUploadedFile("a\x00b.png", PNG, content_type="image/png")
    return SimpleUploadedFile("x.exe", b"%PDF-1.4 but really a program",
                              content_type="application/x-msdownload")


WATCHED = [
    "servicecenter.Party", "servicecenter.Attachment", "petitions.Petition",
    "petitions.Extension", "tickets.ServiceTicket", "tickets.ContactLog",
    "tickets.SparePartRecord", "tickets.Signature", "tickets.DifficultCase",
    "tickets.MaintenanceRecord", "tickets.Complaint", "tickets.Revisit",
    "repairs.RepairOrder", "repairs.RepairLogEntry", "repairs.ExternalDispatch",
    "repairs.DispatchFollowUp",
]


def snapshot():
    """Row counts of every watched table and its history, and every state."""
    rows = {}
    for label in WATCHED:
        model = apps.get_model(label)
        rows[label] = model.objects.count()
        if hasattr(model, "history"):
            rows[label + ".history"] = model.history.count()
        if any(f.name == "state" for f in model._meta.fields):
            rows[label + ".states"] = sorted(model.objects.values_list("pk", "state"))
    return rows


def errors_in(content: str) -> list[str]:
    return [a or b for a, b in ERRORS.findall(content)]


def mutation(fields, files=()):
    """For each field: keep the valid value, leave it out, or put something hostile."""
    choices = {name: st.one_of(st.just(KEEP), st.just(OMIT), TEXT) for name in fields}
    choices.update({name: st.one_of(st.just(KEEP), st.just(OMIT), FILES)
                    for name in files})
    return st.fixed_dictionaries(choices)


def check_form(client, url, base: dict, files: dict | None = None, examples=20,
               sweep=True):
    """Post hostile variants of ``base`` (+ ``files``: name → good-file factory)."""
    files = files or {}

    # first the known killers, one field at a time; then hypothesis mixes them
    for name in base if sweep else ():
        for value in SWEEP:
            post_and_check(client, url, {**base, name: value}, files)
        post_and_check(client, url, {k: v for k, v in base.items() if k != name}, files)
    for name in files if sweep else ():
        for kind in ("text_as_jpg", "oversize_png", "nul_name"):
            post_and_check(client, url, base,
                           {**files, name: lambda k=kind: bad_file(k)})

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutation(list(base), list(files)))
    def run(change):
        # a browser always sends the CSRF token, so a real POST is never empty
        data = {"csrfmiddlewaretoken": "x"}
        for name, value in change.items():
            if value is OMIT:
                continue
            if name in files:
                data[name] = files[name]() if value is KEEP else bad_file(value)
            else:
                data[name] = base[name] if value is KEEP else value
        check_post(client, url, data)

    run()


SWEEP = ["\x00", "字" * 5000, "9" * 30]


def post_and_check(client, url, base, files):
    data = {"csrfmiddlewaretoken": "x", **base}
    data.update({name: make() for name, make in files.items()})
    check_post(client, url, data)


def check_post(client, url, data):
    """One post inside a savepoint that is rolled back, so each starts afresh."""
    with transaction.atomic():
        before = snapshot()
        response = client.post(url, data, follow=True)
        assert response.status_code < 500
        after = snapshot()
        errors = errors_in(response.content.decode())
        if after == before:
            assert errors and any(CJK.search(e) for e in errors), (
                f"{url}: refused without a Chinese message; posted {data!r}")
        else:
            changed = {k for k in after if after[k] != before.get(k)}
            assert not errors, (
                f"{url}: an error was shown but {changed} changed; posted {data!r}")
        transaction.set_rollback(True)
