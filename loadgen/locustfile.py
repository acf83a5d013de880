"""Locust scenario: a centre's working day against a running server.

Started by ``manage.py loadtest`` (which also starts the stack); by hand:
    locust -f loadgen/locustfile.py --headless -u 20 -r 2 -t 2m \
        --host http://127.0.0.1:8000
The simulated users log in once as the staff ``generate_data`` makes (``gen_clerk0``
...; password ``LOADTEST_PASSWORD``, which ``loadtest`` sets) and keep the session.
What they do is in ``loadgen/loadtest/scenario.py``; the request name is the page
group of the report.

Environment:
    LOADTEST_PASSWORD   the gen_* users' password (default load-test-2026)
    LOADTEST_WAIT       think time between tasks in seconds, "min,max" (default 1,4)
    LOADTEST_STEPS      "from,to,step,seconds": a step ramp (e.g. 10,300,10,20: 10
                        users more every 20 s); without it -u/-r/-t apply
    LOADTEST_TIMELINE   where to write the per-second outcome counts, the status
                        counts and the refused forms (JSON) when Locust stops
"""

import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root

from loadgen.loadtest import browse  # noqa: E402
from loadgen.loadtest import scenario as sc  # noqa: E402
from loadgen.loadtest.browse import Page  # noqa: E402

PASSWORD = os.environ.get(browse.PASSWORD_ENV, browse.DEFAULT_PASSWORD)
WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "1,4").split(",")]
SECONDS: dict = defaultdict(lambda: [0, 0])  # unix second -> [ok, failed]
STATUS: Counter = Counter()  # "200", "500", "0 ConnectionError" ...
FAILED: dict = defaultdict(Counter)  # unix second -> failed requests by status
LATENCY: dict = defaultdict(list)  # unix second -> response times (ms) of that second
LOGIN_LATENCY: dict = defaultdict(list)  # the same, of the login group's requests only


class LocustTransport:
    """``browse.Session``'s transport over Locust's client: a status of 400 or more,
    or no answer at all, is a failed request of its group."""

    def __init__(self, client):
        self.client = client

    def request(self, method, path, group, params=None, data=None):
        with self.client.request(method, path, params=params, data=data, name=group,
                                 catch_response=True) as response:
            status = response.status_code or 0
            if status >= 400 or status == 0:
                response.failure(f"HTTP {status}" if status else
                                 f"no answer: {type(response.error).__name__}")
            else:
                response.success()
            return Page(status, response.url or path, response.text or "",
                        bool(response.history))


@events.request.add_listener
def _tally(response=None, exception=None, response_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    failed = exception is not None or status >= 400 or status == 0
    # no answer: "0 no answer: ConnectionError" (LocustTransport's message)
    second, key = int(time.time()), (str(status) if status else
                                     f"0 {exception}"[:70])
    SECONDS[second][1 if failed else 0] += 1
    if response_time is not None:  # per second, for the figures of each ramp step
        LATENCY[second].append(round(response_time))
        if kwargs.get("name") == "login":
            LOGIN_LATENCY[second].append(round(response_time))
    STATUS[key] += 1
    if failed:
        FAILED[second][key] += 1


@events.quitting.add_listener
def _write_timeline(environment, **kwargs):
    path = os.environ.get("LOADTEST_TIMELINE")
    if path:
        Path(path).write_text(json.dumps({
            "seconds": {str(k): v for k, v in sorted(SECONDS.items())},
            "latency": {str(k): v for k, v in sorted(LATENCY.items())},
            "latency_login": {str(k): v for k, v in sorted(LOGIN_LATENCY.items())},
            "failed": {str(k): dict(v) for k, v in sorted(FAILED.items())},
            "status": dict(STATUS), "refused": dict(browse.REFUSED),
            "refused_reasons": browse.REASONS}, ensure_ascii=False))


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)

    def on_start(self):
        self.s = browse.Session(LocustTransport(self.client), random.Random())
        if not self.s.login(browse.login_for(self.role, self.s.rng), PASSWORD):
            browse.REFUSED["login"] += 1
            raise StopUser()


class Clerk(Staff):
    """窗口: intake of every kind, lists, searches, record pages, PDFs, next steps
    of their own intakes, follow-up calls."""
    role, weight = "clerk", 6

    @task(3)
    def home(self):
        sc.home(self.s)

    @task(6)
    def lists(self):
        sc.browse_list(self.s, self.s.pick(list(sc.LISTS)))

    @task(4)
    def search(self):
        sc.search(self.s, self.s.pick(list(sc.LISTS)))

    @task(3)
    def intake(self):
        sc.intake(self.s, self.s.pick(list(sc.INTAKE)))

    @task(2)
    def followup(self):
        sc.followup_call(self.s)


class Engineer(Staff):
    """工程师 on a tablet: 我的任务, the task page, start / resolve with a signature;
    the repair bench."""
    role, weight = "engineer", 3

    @task(4)
    def tablet(self):
        sc.tablet(self.s)

    @task(1)
    def bench(self):
        sc.repair_bench(self.s)


class Handler(Staff):
    """承办人: the department's petition queue, signing for a petition."""
    role, weight = "handler", 2

    @task
    def queue(self):
        sc.department_queue(self.s)


class Leader(Staff):
    """领导: the approvals queue and the 批示."""
    role, weight = "leader", 1

    @task(3)
    def approvals(self):
        sc.approvals(self.s)

    @task(1)
    def dashboard(self):
        sc.dashboard(self.s)


class Manager(Staff):
    """主管: admin changelists with filters, the dashboard, CSV exports."""
    role, weight = "manager", 1

    @task(5)
    def changelist(self):
        sc.admin_changelist(self.s)

    @task(2)
    def dashboard(self):
        sc.dashboard(self.s)

    @task(1)
    def export(self):
        sc.csv_export(self.s)


class Citizen(HttpUser):
    """A citizen: the public 办事指南 and 办件查询 (no login, nothing personal)."""
    abstract = not (sc.PUBLIC_GUIDE or sc.PUBLIC_STATUS)
    weight = 2
    wait_time = between(*WAIT)

    @task
    def public(self):
        sc.citizen(browse.Session(LocustTransport(self.client)))


if os.environ.get("LOADTEST_STEPS"):
    class StepRamp(LoadTestShape):
        """From ``from`` users, ``step`` more every ``seconds``, up to ``to``; held
        there one more step, then stop. A step's new users arrive over its first
        quarter, not in one second: each logs in (PBKDF2, about 0.3 s of a core), and
        a centre's staff do not all log in within the same second."""
        start, stop, step, every = (
            int(x) for x in os.environ["LOADTEST_STEPS"].split(","))
        rate = max(1.0, step / max(1.0, every / 4))

        def tick(self):
            run_time = self.get_run_time()
            steps = int(run_time // self.every)
            users = self.start + steps * self.step
            if users > self.stop + self.step:
                return None
            return min(users, self.stop), self.rate
