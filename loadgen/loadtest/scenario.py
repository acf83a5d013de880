"""A centre's working day, one function per thing a user does (``loadgen/
locustfile.py`` weights them). Each takes a logged-in ``browse.Session`` and only
follows links and forms the pages offer that user: what it may act on is what the
product shows it. Group names (the report's rows) say page kind and process.
"""

import json
import re

from . import browse
from .browse import TEXT, Session, signature_data_url

LISTS = {"petitions": "/petitions/", "tickets": "/tickets/", "repairs": "/repairs/",
         "complaints": "/tickets/complaints/"}
RECORD = {"petitions": r"^/petitions/\d+/$", "tickets": r"^/tickets/\d+/$",
          "repairs": r"^/repairs/\d+/$", "complaints": r"^/tickets/complaints/\d+/$"}
PDF = {"petitions": r"^/petitions/\d+/documents/register/$",
       "tickets": r"^/tickets/\d+/pdf/$", "repairs": r"^/repairs/\d+/pdf/receipt/$",
       "complaints": r"^/tickets/complaints/\d+/pdf/$"}
INTAKE = {"petitions": "/petitions/new/", "tickets": "/tickets/new/",
          "repairs": "/repairs/new/", "complaints": "/tickets/complaints/new/"}
INTAKE_VALUES = {
    "petitions": {"channel": "visit", "category": "demand", "subject": "反映道路破损",
                  "content": TEXT, "headcount": "1"},
    "tickets": {"kind": "remote", "channel": "phone", "system": "办公系统",
                "problem": "电脑无法登录办公系统。", "contact_name": "王建国",
                "contact_phone": "13900001234"},
    "repairs": {"device_type": "笔记本电脑", "brand": "联想", "model_name": "E14",
                "fault_description": "无法开机。", "appearance": "外壳完好",
                "accessories": "电源适配器", "configuration": "i5/8G/256G"},
    "complaints": {"source": "hotline", "subject": "服务态度", "content": TEXT},
}


def home(s: Session):
    s.get("/", "home 工作台")


def browse_list(s: Session, kind: str):
    """A list, filtered or not, then one record from it and sometimes its PDF."""
    params = s.pick([None, {"page": "2"}, {"queue": "all"} if kind == "complaints"
                     else {"due": "overdue"}])
    page = s.get(LISTS[kind], f"list {kind}", params=params)
    record = s.pick(page.links(RECORD[kind])) if page.ok else None
    if record:
        open_record(s, kind, record, pdf=s.rng.random() < 0.3)


def open_record(s: Session, kind: str, path: str, pdf=False):
    page = s.get(path, f"record {kind}")
    target = s.pick(page.links(PDF[kind])) if page.ok and pdf else None
    if target:
        s.get(target, f"pdf {kind}")
    return page


def search(s: Session, kind: str):
    """By phone (a phone of generate_data's pattern), then by a number the list
    shows."""
    extra = {"queue": "all"} if kind == "complaints" else {}
    s.get(LISTS[kind], f"search phone {kind}", params={**extra, "q": s.phone()})
    page = s.get(LISTS[kind], f"list {kind}", params=extra or None)
    number = s.pick(page.numbers()) if page.ok else None
    if number:
        s.get(LISTS[kind], f"search number {kind}", params={**extra, "q": number})


def find_party(s: Session) -> str | None:
    """The intake form's party lookup (JSON), as the page's script calls it."""
    for _ in range(3):
        page = s.get("/parties/lookup/", "party lookup",
                     params={"q": s.phone()})
        if page.ok and '"id":' in page.text:
            return str(json.loads(page.text)["results"][0]["id"])
    return None


def intake(s: Session, kind: str):
    """Register one record of ``kind`` for a party on file (else a new party, where
    the form has the party's fields), then take its next step where the clerk may
    (assign a ticket or a repair to an engineer)."""
    party = find_party(s)
    page, form = s.open_form(INTAKE[kind], f"intake form {kind}", "submit_token")
    if form is None or (party is None and not form.has("party-name")):
        return
    who = {"party_id": party} if party else {
        "party-name": "王秀英", "party-phone": s.phone(), "party-village": "城关村"}
    done = s.submit(page, form, f"intake post {kind}", **who, **INTAKE_VALUES[kind])
    if done is not None and kind in ("tickets", "repairs"):
        assign = s.pick(browse.links(done.text, _re(rf"^/{kind}/\d+/assign/$")))
        if assign:
            transition(s, assign, kind, engineer=_first_choice)


def _re(pattern):
    return re.compile(pattern)


def _first_choice(form, name):
    choices = [v for v in form.options.get(name, []) if v]
    return choices[0] if choices else None


def transition(s: Session, path: str, kind: str, **values):
    """A verb's page: GET its form (it carries expected_state), post it."""
    page, form = s.open_form(path, f"transition form {kind}", "expected_state")
    if form is None:
        return None
    chosen = {k: (v(form, k) if callable(v) else v) for k, v in values.items()}
    return s.submit(page, form, f"transition post {kind}", **chosen)


def followup_call(s: Session):
    """回访: the due calls, one call made and recorded (reached, answers, rating)."""
    page = s.get("/tickets/revisits/", "list revisits")
    call = s.pick(page.links(r"^/tickets/revisits/\d+/$")) if page.ok else None
    if not call:
        return
    page, form = s.open_form(call, "revisit call", "expected_state")
    if form is None:
        return
    answers = {name: (form.options[name][0] if form.options.get(name) else "满意")
               for name in form.fields if name.startswith("q_")}
    s.submit(page, form, "revisit post", reached="yes", rating="5",
             notes="回访正常。", **answers)


# --- engineers on tablets --------------------------------------------------------

def tablet(s: Session):
    """我的任务, one task page, and its next step: start it, or resolve it with
    the customer's signature."""
    page = s.get("/tickets/my/", "tablet list")
    task = s.pick(page.links(r"^/tickets/\d+/tablet/$")) if page.ok else None
    if not task:
        return
    page = s.get(task, "tablet task")
    start = page.links(r"/tablet/start/$")
    resolve = page.links(r"/tablet/resolve/$")
    if start:
        transition(s, start[0], "tablet start")
    elif resolve:
        page, form = s.open_form(resolve[0], "tablet resolve form", "expected_state")
        if form is not None:
            sign = form.has("signature_data")
            s.submit(page, form, "tablet resolve post", result="已处理，系统恢复正常。",
                     service_record="上门检查并处理。",
                     signature_data=signature_data_url(s.rng) if sign else None,
                     signer_name=(form.values.get("signer_name") or "王建国")
                     if sign else None)


def repair_bench(s: Session):
    """The repair engineer's bench, one order, and its first step when offered."""
    page = s.get("/repairs/bench/", "list repairs bench")
    order = s.pick(page.links(r"^/repairs/\d+/$")) if page.ok else None
    if order:
        page = s.get(order, "record repairs")
        step = page.links(r"^/repairs/\d+/start_diagnosis/$") if page.ok else []
        if step:
            transition(s, step[0], "repairs")


# --- handlers and leaders ----------------------------------------------------------

def department_queue(s: Session):
    """The handler's department queue, one petition, and signing for it (签收)."""
    page = s.get("/petitions/department/", "queue petitions")
    record = s.pick(page.links(r"^/petitions/\d+/$")) if page.ok else None
    if not record:
        return
    page = s.get(record, "record petitions")
    sign = page.links(r"^/petitions/\d+/sign/$") if page.ok else []
    if sign:
        transition(s, sign[0], "petitions", remark="已签收。")


def approvals(s: Session):
    """The leader's approvals: one petition accepted for a department (批示)."""
    page = s.get("/petitions/approvals/", "approvals petitions")
    decide = s.pick(page.links(r"^/petitions/\d+/decide/$")) if page.ok else None
    if decide:
        transition(s, decide, "petitions decide", decision="accept",
                   instruction="请承办科室按期办理。", department=_first_choice)


# --- managers ------------------------------------------------------------------------

CHANGELISTS = [
    ("/admin/petitions/petition/", [None, {"state__exact": "closed"},
                                    {"state__exact": "in_progress"}]),
    ("/admin/tickets/serviceticket/", [None, {"state__exact": "closed"}]),
    ("/admin/repairs/repairorder/", [None, {"state__exact": "repairing"}]),
    ("/admin/tickets/complaint/", [None]),
    ("/admin/tickets/revisit/", [None]),
    ("/admin/servicecenter/party/", [None]),
]


def admin_changelist(s: Session):
    path, filters = s.pick(CHANGELISTS)
    params = s.pick(filters)
    if s.rng.random() < 0.3:
        params = {**(params or {}), "q": s.phone()}
    s.get(path, "admin changelist", params=params)


def dashboard(s: Session):
    s.get("/reports/dashboard/", "dashboard")


def csv_export(s: Session):
    """A CSV file: the month's accountability table, or an admin export of the
    changelist searched by phone."""
    if s.rng.random() < 0.5:
        s.get("/reports/accountability/csv/", "csv export")
    else:
        path, _ = s.pick(CHANGELISTS[:3])
        s.get(path + "export.csv", "csv export", params={"q": s.phone()})


# --- citizens (public pages) ------------------------------------------------------
# The public 办事指南 and 办件查询 (matters.urls_public): no login, nothing personal.
# Every simulated citizen comes from 127.0.0.1, so the load test raises the lookup's
# per-address limit (stack.production_env); the per-number limit stays as set.
PUBLIC_GUIDE = "/guide/"
PUBLIC_STATUS = "/lookup/"
GUIDE_ITEM = r"^/guide/[^/]+/$"
GUIDE_PDF = r"^/guide/[^/]+/pdf/$"


def citizen(s: Session):
    """The guide's list, one item's page and sometimes its printable PDF; then a
    status lookup by a receipt number and the phone's last four digits (mostly a
    number that is not there: an answer page, not an error)."""
    page = s.get(PUBLIC_GUIDE, "public guide")
    item = s.pick(page.links(GUIDE_ITEM)) if page.ok else None
    if item:
        shown = s.get(item, "public guide item")
        target = s.pick(shown.links(GUIDE_PDF)) if shown.ok else None
        if target and s.rng.random() < 0.2:
            s.get(target, "public guide pdf")
    page, form = s.open_form(PUBLIC_STATUS, "public status lookup")
    if form is not None:
        number = f"BJ2026-{s.rng.randint(1, 400000):05d}"
        s.post(form.action or PUBLIC_STATUS, "public status lookup",
               form.data(no=number, tail=s.phone()[-4:]))
