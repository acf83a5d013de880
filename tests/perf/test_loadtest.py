"""The load test's parts that need no running stack: Locust loads the locustfile,
the scenario's form parsing drives the real pages (CSRF enforced, one-time tokens,
expected_state), and the report is built with its documented keys."""

import random
import subprocess
import sys
from pathlib import Path

import pytest

from loadgen.loadtest import browse, report, scenario
from loadgen.loadtest.htmlforms import form_with, forms
from loadgen.loadtest.testclient import ClientTransport
from petitions.models import Petition
from repairs.models import RepairOrder
from tests.factories import PASSWORD, PartyFactory
from tickets.models import Complaint, ServiceTicket

ROOT = Path(__file__).resolve().parents[2]


def test_locust_loads_the_locustfile_and_its_users():
    out = subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f",
         str(ROOT / "loadgen" / "locustfile.py"), "--list"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    for user in ("Clerk", "Engineer", "Handler", "Leader", "Manager", "Citizen"):
        assert user in out.stdout


def test_forms_keep_hidden_tokens_selected_options_and_textarea_text():
    html = """<form method="post" action="/x/"><input type="hidden"
      name="csrfmiddlewaretoken" value="c1"><input name="submit_token" type="hidden"
      value="tok"><select name="kind"><option value="">--</option><option
      value="a" selected>A</option></select><textarea name="t">
hello</textarea><input type="checkbox" name="box"><input type="radio" name="r"
      value="1"><input type="radio" name="r" value="2" checked>
      <input type="submit" name="go" value="ok"></form>"""
    (form,) = forms(html)
    assert form.method == "post" and form.action == "/x/"
    assert form.values == {"csrfmiddlewaretoken": "c1", "submit_token": "tok",
                           "kind": "a", "t": "hello", "r": "2"}
    assert form.options == {"kind": ["", "a"], "r": ["1", "2"]}
    assert form.data(kind="", box=None)["kind"] == ""


def _session(user, phone="13800000000"):
    transport = ClientTransport()
    session = browse.Session(transport, random.Random(7))
    session.phone = lambda: phone
    assert session.login(user.username, PASSWORD)
    return session, transport


@pytest.mark.django_db
def test_clerk_intake_of_every_kind_through_the_real_forms(clerk, engineer):
    party = PartyFactory(phone="13812345678")
    session, transport = _session(clerk, party.phone)
    before = {m: m.objects.count() for m in (Petition, ServiceTicket, RepairOrder,
                                              Complaint)}
    browse.REFUSED.clear()
    for kind in scenario.INTAKE:
        scenario.intake(session, kind)
    assert not browse.REFUSED, browse.REASONS
    assert all(status < 400 for *_, status in transport.calls), transport.calls
    for model, count in before.items():
        assert model.objects.count() == count + 1, model
    # the intake took the clerk's next step: both went to the one engineer offered
    assert ServiceTicket.objects.get(party=party).engineer == engineer
    assert RepairOrder.objects.get(party=party).engineer == engineer


@pytest.mark.django_db
def test_a_post_without_the_page_token_is_refused_by_csrf(clerk):
    session, transport = _session(clerk)
    page = session.get("/petitions/new/", "intake form")
    form = form_with(page.text, "submit_token")
    data = form.data()
    data.pop("csrfmiddlewaretoken")
    assert session.post("/petitions/new/", "intake post", data).status == 403


@pytest.mark.django_db
def test_the_engineer_resolves_with_a_signature(engineer):
    from tests.tickets.factories import ServiceTicketFactory

    ticket = ServiceTicketFactory(state="in_progress", engineer=engineer,
                                  kind=ServiceTicket.Kind.ONSITE)
    session, transport = _session(engineer)
    scenario.tablet(session)
    ticket.refresh_from_db()
    assert ticket.state == ServiceTicket.State.RESOLVED, browse.REASONS
    from tickets.models.records import Signature

    assert Signature.objects.filter(object_id=ticket.pk, role="customer").exists()


def _entry(name, times, failures=0):
    return {"name": name, "method": "GET", "num_requests": sum(times.values()),
            "num_failures": failures, "response_times": times,
            "max_response_time": max(map(float, times)), "start_time": 1000.0,
            "last_request_timestamp": 1010.0}


def test_report_has_the_documented_keys_from_canned_locust_stats():
    stats = [_entry("list petitions", {"100": 90, "300": 8, "900": 2}),
             _entry("list petitions", {"100": 10}),  # the same group, POST
             _entry("pdf tickets", {"2000": 5}, failures=1)]
    seconds = {str(1000 + t): [10, 0] for t in range(40)}
    seconds["1020"], seconds["1021"] = [2, 3], [0, 1]
    line = {"seconds": seconds,
            "status": {"200": 400, "500": 3, "0 ConnectionError": 1},
            "failed": {"1020": {"500": 3}, "1021": {"0 ConnectionError": 1}},
            "refused": {"transition post petitions": 2}, "refused_reasons": {}}
    samples = [{"t": 1, "total": 6, "active": 2, "idle_in_transaction": 0},
               {"t": 2, "total": 8, "active": 4, "idle_in_transaction": 1}]
    result = report.build({"started_unix": 1000, "duration_s": 10}, stats, line,
                          samples, [{"query": "SELECT 1", "calls": 3,
                                     "total_ms": 9.0, "mean_ms": 3.0, "rows": 3}],
                          [{"kind": "worker", "at_s": 20, "ended_s": 20}])
    assert tuple(result) == report.KEYS
    petitions = next(g for g in result["groups"] if g["group"] == "list petitions")
    assert (petitions["requests"], petitions["p50_ms"], petitions["p95_ms"],
            petitions["p99_ms"]) == (110, 100.0, 300.0, 900.0)
    assert result["groups"][0]["group"] == "pdf tickets"  # slowest p95 first
    assert result["totals"]["requests"] == 115 and result["totals"]["rps"] == 11.5
    assert result["errors_by_status"] == {"0 ConnectionError": 1, "500": 3}
    assert result["db_connections"]["max_total"] == 8
    assert result["db_connections"]["mean_active"] == 3
    (fault,) = result["faults"]
    assert fault["failed_requests"] == 4 and fault["baseline_rps"] == 10
    assert fault["failed_by_status"] == {"500": 3, "0 ConnectionError": 1}
    assert fault["recovered_after_s"] == 2  # back to 10/s from second 22
    assert "list petitions" in report.table(result)
    assert result["steps"] == [] and result["saturation"] is None  # not a ramp


def test_a_step_ramp_reports_each_step_and_where_it_saturated():
    # steps of 10 s: 10, 20, 30 users (and 30 held once more); the third step's p95
    # goes over 300 ms, the fourth has a failure
    seconds, latency = {}, {}
    for t in range(40):
        seconds[str(1000 + t)] = [5, 1 if t == 35 else 0]
        latency[str(1000 + t)] = [100] * 4 + [(250 if t < 20 else 900)]
    line = {"seconds": seconds, "latency": latency, "status": {}, "failed": {}}
    result = report.build({"started_unix": 1000, "duration_s": 40,
                           "steps": "10,30,10,10"}, [], line, [], [], [])
    assert [(r["users"], r["requests"], r["failed"], r["rps"], r["p95_ms"])
            for r in result["steps"]] == [(10, 50, 0, 5.0, 250.0),
                                          (20, 50, 0, 5.0, 250.0),
                                          (30, 50, 0, 5.0, 900.0),
                                          (30, 51, 1, 5.1, 900.0)]
    sat = result["saturation"]
    assert sat["held"]["users"] == 20 and sat["held"]["rps"] == 5.0
    assert sat["broke_at"]["users"] == 30 and "p95 900 ms" in sat["why"]
    assert "saturation: held 5.0 rps at 20 users" in report.table(result)


def test_a_ramp_tells_the_logins_of_its_new_users_apart_from_the_work():
    # steps of 10 s: in the second step every new user logs in (1500 ms each); the
    # work itself stays at 100-200 ms until the third step
    seconds, latency, login = {}, {}, {}
    for t in range(40):
        seconds[str(1000 + t)] = [5, 0]
        work = [100] * 4 + [200 if t < 20 else 800]
        logins = [1500] * 2 if 10 <= t < 20 else []
        latency[str(1000 + t)] = work + logins
        if logins:
            login[str(1000 + t)] = logins
    line = {"seconds": seconds, "latency": latency, "latency_login": login,
            "status": {}, "failed": {}}
    result = report.build({"started_unix": 1000, "duration_s": 40,
                           "steps": "10,30,10,10"}, [], line, [], [], [])
    second = result["steps"][1]
    assert second["logins"] == 20 and second["p95_ms"] == 1500.0
    assert second["p95_work_ms"] == 200.0 and second["p50_work_ms"] == 100.0
    assert result["saturation"]["held"]["users"] == 10  # logins broke step two
    work = result["saturation_work"]
    assert work["held"]["users"] == 20 and work["broke_at"]["users"] == 30
    assert "saturation without logins: held 5.0 rps at 20 users" in report.table(result)


@pytest.mark.django_db
def test_the_citizen_reads_the_guide_and_looks_up_a_status_without_login():
    from tests.factories import DepartmentFactory
    from tests.matters.public_data import guide_item, window

    land = DepartmentFactory(code="GTS", name="国土资源所", abbr="GT")
    guide_item(land, window=window(land))
    transport = ClientTransport()
    session = browse.Session(transport, random.Random(3))
    session.rng.random = lambda: 0.0  # take the guide's PDF too
    scenario.citizen(session)
    groups = {(group, status) for _, _, group, status in transport.calls}
    assert groups == {("public guide", 200), ("public guide item", 200),
                      ("public guide pdf", 200), ("public status lookup", 200)}
    # the lookup was answered (a number that is not there), not refused as a bad form
    assert [c[0] for c in transport.calls if c[2] == "public status lookup"] == [
        "GET", "POST"]
