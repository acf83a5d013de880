"""One load test run (``manage.py loadtest``): prepare, start the stack, run Locust
headless with the faults on a timer, collect, stop everything."""

import json
import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import report, stack
from .browse import DEFAULT_PASSWORD, PASSWORD_ENV

FAULTS = ("redis", "worker", "pg")


@dataclass
class Options:
    users: int = 20
    spawn_rate: float = 2.0
    duration: int = 120
    steps: str = ""  # "from,to,step,seconds"
    faults: list = field(default_factory=list)  # [(kind, at seconds)]
    redis_down: float = 30.0
    workers: int = 2 * (os.cpu_count() or 1) + 1
    wait: str = "1,4"
    run_dir: Path = Path("/tmp")
    label: str = ""


def dsn() -> dict:
    db = settings.DATABASES["default"]
    return {"dbname": db["NAME"], "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None, "host": db.get("HOST") or None,
            "port": db.get("PORT") or None}


def database_url() -> str:
    d = dsn()
    auth = d["user"] + (f":{d['password']}" if d["password"] else "") + "@"
    where = f"{d['host'] or '127.0.0.1'}:{d['port'] or 5432}"
    return f"postgres://{auth}{where}/{d['dbname']}"


def step_duration(steps: str) -> int:
    start, stop, step, every = (int(x) for x in steps.split(","))
    return ((stop - start) // max(step, 1) + 2) * every


def locust_argv(opts: Options, port: int) -> list:
    # --json-file: Locust adds ".json" to the name
    argv = [str(stack.BIN / "locust"), "-f", str(stack.ROOT / "loadgen/locustfile.py"),
            "--headless", "--host", f"http://127.0.0.1:{port}", "-t",
            f"{opts.duration}s", "--json-file", str(opts.run_dir / "locust-stats"),
            "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
            "--exit-code-on-error", "0"]
    if not opts.steps:
        argv += ["-u", str(opts.users), "-r", str(opts.spawn_rate)]
    return argv


class FaultTimer:
    """Runs each (kind, at) fault ``at`` seconds after Locust started; notes when
    it began and ended, relative to that start."""

    def __init__(self, opts, started, actions):
        self.opts, self.started, self.actions, self.done = opts, started, actions, []
        self.threads = [threading.Thread(target=self._run, args=f, daemon=True)
                        for f in opts.faults]

    def start(self):
        for thread in self.threads:
            thread.start()

    def _run(self, kind, at):
        time.sleep(max(0.0, self.started + at - time.time()))
        began = time.time()
        stack.log(f"fault {kind} at {began - self.started:.0f} s")
        try:
            detail = self.actions[kind]()
        except Exception as exc:  # noqa: BLE001 - a fault that failed is reported
            detail = f"fault failed: {exc!r}"
        stack.log(f"fault {kind}: {detail}")
        self.done.append({"kind": kind, "at_s": round(began - self.started),
                          "ended_s": round(time.time() - self.started),
                          "detail": detail})

    def join(self):
        for thread in self.threads:
            thread.join(timeout=self.opts.redis_down + 60)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "host": platform.node(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()]}


def run(opts: Options, records: int, logfile) -> dict:
    redis_port, web_port = stack.free_ports(2)
    env = stack.production_env(opts.run_dir, database_url(), redis_port)
    env[PASSWORD_ENV] = os.environ.get(PASSWORD_ENV, DEFAULT_PASSWORD)
    subprocess.run([str(stack.BIN / "python"), "manage.py", "collectstatic",
                    "--noinput", "-v0"], cwd=stack.ROOT, env=env, check=True)
    if opts.steps:
        opts.duration = step_duration(opts.steps)
    meta = {"label": opts.label, "users": opts.users, "spawn_rate": opts.spawn_rate,
            "steps": opts.steps or None, "workers": opts.workers, "records": records,
            "wait_s": opts.wait, "duration_s": opts.duration, **machine(),
            "mode": f"step ramp {opts.steps}" if opts.steps else
            f"{opts.users} users (+{opts.spawn_rate}/s)"}
    with stack.Fleet(logfile) as fleet:
        stack.start_redis(fleet, opts.run_dir, redis_port, env)
        master = stack.start_app(fleet, env, web_port, opts.workers, opts.run_dir)
        before = stack.statements_snapshot(dsn(), reset=True)
        locust_env = {**env, "LOADTEST_WAIT": opts.wait,
                      "LOADTEST_TIMELINE": str(opts.run_dir / "timeline.json"),
                      "LOADTEST_STEPS": opts.steps}
        started = time.time()
        sampler = stack.ConnectionSampler(dsn(), started)
        sampler.start()
        faults = FaultTimer(opts, started, {
            "redis": lambda: stack.restart_redis(fleet, redis_port, opts.run_dir, env,
                                                 opts.redis_down),
            "worker": lambda: stack.kill_worker(master),
            "pg": lambda: stack.terminate_backends(dsn(), {sampler.pid})})
        faults.start()
        locust = fleet.start("locust", locust_argv(opts, web_port), locust_env)
        locust.wait(timeout=opts.duration + 120)
        faults.join()
        sampler.stop()
        after = stack.statements_snapshot(dsn())
    meta["started_unix"] = int(started)
    stats = json.loads((opts.run_dir / "locust-stats.json").read_text())
    line = json.loads((opts.run_dir / "timeline.json").read_text())
    return report.build(meta, stats, line, sampler.samples,
                        stack.top_statements(before, after), faults.done)
