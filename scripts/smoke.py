#!/usr/bin/env python
"""Production smoke test: Redis, two gunicorn instances and a Celery worker + beat
against the local PostgreSQL.

It drives one full service-ticket path over HTTP, each step on the other instance,
creates tickets on both at once (numbers must stay gapless and unique), and checks
that a beat-triggered sweep ran through the worker. Exit status 0 on success.
    DATABASE_URL=postgres://servicecenter@127.0.0.1:5432/servicecenter \
        python scripts/smoke.py

Every process it starts is stopped, with its whole process group, whatever happens
(a failed check, a wait that gives up, Ctrl-C, SIGTERM). Each run has its own
directory (server log, beat schedule, media), free ports, and Redis databases that
no other client uses. Environment:
    SMOKE_PORTS=8101,8102   fixed ports (default: two free ones); a taken one fails
    SMOKE_REDIS=private     always start a private redis-server (default: use the one
                            on 127.0.0.1:6379 if it answers, else start a private one)
    SMOKE_REDIS_DBS=14,15   the cache's and the broker's database on the shared Redis
    SMOKE_DB=sc_smoke       the database (dropped and created again)
    CI_WAIT_SECONDS=180     how long any wait may take on a slow, loaded machine
"""

import argparse
import http.client
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
DB = os.environ.get("SMOKE_DB", "sc_smoke")
WAIT_SECONDS = float(os.environ.get("CI_WAIT_SECONDS", 180))
STOP_SECONDS = 30
# a request on a loaded 2-core machine can take far longer than on a quiet one
REQUEST_TIMEOUT = max(30.0, WAIT_SECONDS / 3)


class SmokeFailure(Exception):
    """A start-up step or a check failed; the message says which and why."""


def log(msg):
    print(f"[smoke] {msg}", flush=True)


class Fleet:
    """Owns every process of the run from the moment it is started; stops each
    process group (gunicorn's workers, Celery's pool and beat) on leaving."""

    def __init__(self, logfile):
        self.logfile, self.procs = logfile, []

    def start(self, name, argv, env):
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.logfile,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((name, proc))
        log(f"started {name} (pid {proc.pid})")
        return proc

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)  # a second signal must not cut it short
        for _name, proc in self.procs:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for name, proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{name} (pid {proc.pid}) ignored SIGTERM for {STOP_SECONDS} s")
        for _name, proc in self.procs:  # also what a leader left behind
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        self.procs = []


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the Fleet, which stops everything


def free_ports(count):
    socks = [socket.socket() for _ in range(count)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return tuple(sock.getsockname()[1] for sock in socks)
    finally:
        for sock in socks:
            sock.close()


def choose_ports(wanted):
    if not wanted:
        return free_ports(2)
    ports = tuple(int(p) for p in wanted.split(","))
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError as exc:
                raise SmokeFailure(f"port {port} is already taken ({exc.strerror}): "
                                   "a server left running? Stop it, or leave "
                                   "SMOKE_PORTS unset to use free ports") from exc
    return ports


def redis_cli(port, *args, db=0):
    return subprocess.run(["redis-cli", "-p", str(port), "-n", str(db), *args],
                          capture_output=True, text=True, timeout=30).stdout.strip()


def private_redis(fleet, run_dir, env):
    port = free_ports(1)[0]
    fleet.start(f"redis-server :{port}", [
        "redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
        "--appendonly", "no", "--dir", str(run_dir)], env)
    wait_for(f"redis-server on :{port} to answer PING",
             lambda: redis_cli(port, "ping") == "PONG")
    return port, (0, 1)


def shared_redis_dbs(port):
    """Our two databases on the shared Redis, refused while another client (a
    stale worker of an earlier run) is connected to one of them."""
    dbs = tuple(int(n) for n in os.environ.get("SMOKE_REDIS_DBS", "14,15").split(","))
    for line in redis_cli(port, "client", "list").splitlines():
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
        if fields.get("db") in {str(n) for n in dbs} and "client|list" not in line:
            raise SmokeFailure(
                f"Redis database {fields['db']} on :{port} is in use by another client "
                f"({fields.get('addr')}, {fields.get('name') or 'unnamed'}): a server "
                "left running? Stop it, or set SMOKE_REDIS_DBS or SMOKE_REDIS=private")
    return dbs


def redis_for_run(fleet, run_dir, env):
    if os.environ.get("SMOKE_REDIS") != "private" and redis_cli(6379, "ping") == "PONG":
        port, dbs = 6379, shared_redis_dbs(6379)
    else:
        port, dbs = private_redis(fleet, run_dir, env)
    for db in dbs:
        redis_cli(port, "flushdb", db=db)
    log(f"Redis :{port}, cache db {dbs[0]}, broker db {dbs[1]}")
    return f"redis://127.0.0.1:{port}/{dbs[0]}", f"redis://127.0.0.1:{port}/{dbs[1]}"


def base_env(run_dir):
    admin_url = os.environ.get("DATABASE_URL",
                               "postgres://servicecenter@127.0.0.1:5432/servicecenter")
    server = admin_url.rsplit("/", 1)[0]
    return {
        **os.environ,
        "DATABASE_URL": f"{server}/{DB}",
        "DEBUG": "0", "SECRET_KEY": "smoke-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0", "SWEEP_EVERY_SECONDS": "3", "LOG_FORMAT": "json",
        "MEDIA_ROOT": str(run_dir / "media"),
    }, server


def run(argv, env=None, what=None):
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SmokeFailure(f"{what or ' '.join(argv)} failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout)[-2000:]}")
    return result.stdout


def prepare_database(env, server):
    admin = f"{server}/postgres"
    run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DB}"])
    run(["psql", admin, "-qc", f"CREATE DATABASE {DB}"])
    for cmd in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"],
                ["seed_demo"]):
        run([PY, "manage.py", *cmd], env=env, what=f"manage.py {cmd[0]}")


def start(fleet, env, ports, run_dir, healthz):
    for port in ports:
        fleet.start(f"gunicorn :{port}", [
            str(BIN / "gunicorn"), "servicecenter.wsgi:application",
            "--config", "gunicorn.conf.py", "--bind",
            f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"], env)
    fleet.start("celery worker + beat", [
        str(BIN / "celery"), "-A", "servicecenter", "worker", "-l", "info",
        "--concurrency", "1", "-B", "--schedule", str(run_dir / "beat-schedule")], env)
    for port in ports:
        wait_http(f"http://127.0.0.1:{port}{healthz}", fleet)


def wait_for(what, probe, seconds=None):
    """Poll ``probe`` until it returns a true value; give up after the deadline,
    naming what was awaited and the last error seen."""
    seconds = WAIT_SECONDS if seconds is None else seconds
    deadline, last = time.monotonic() + seconds, "no answer yet"
    while True:
        try:
            value = probe()
            if value:
                return value
        except (OSError, http.client.HTTPException, ValueError,
                subprocess.SubprocessError) as exc:  # slow, refused, reset, half-read
            last = repr(exc)
        if time.monotonic() >= deadline:
            raise SmokeFailure(f"gave up waiting for {what} after {seconds:.0f} s "
                               f"(CI_WAIT_SECONDS); last: {last}")
        time.sleep(0.5)


def wait_http(url, fleet=None):
    def probe():
        for name, proc in (fleet.procs if fleet else ()):
            if proc.poll() is not None:
                raise SmokeFailure(f"{name} exited ({proc.returncode}) while waiting "
                                   f"for {url}; see {fleet.logfile.name}")
        with urllib.request.urlopen(url, timeout=min(30.0, WAIT_SECONDS)) as r:
            return json.loads(r.read()) if r.status == 200 else None

    return wait_for(f"{url} to answer 200", probe)


class Browser:
    """A user agent with cookies: the same session on either instance."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, port, path):
        url = f"http://127.0.0.1:{port}{path}"
        with self.opener.open(url, timeout=REQUEST_TIMEOUT) as r:
            return r.status, r.geturl(), r.read().decode(errors="replace")

    def post(self, port, path, data):
        url = f"http://127.0.0.1:{port}{path}"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()},
                                      doseq=True).encode()
        req = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(req, timeout=REQUEST_TIMEOUT) as r:
            return r.status, r.geturl(), r.read().decode()

    def login(self, port, username, password="demo1234"):
        self.get(port, "/login/")
        status, url, html = self.post(port, "/login/", {"username": username,
                                                        "password": password})
        assert "/login/" not in url, f"login failed for {username}"


PASSED = []


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    PASSED.append(message)
    log("ok: " + message)


def scenario(env, ports, logfile):
    from smoke_flows import run_flows, shell  # noqa: PLC0415  (scripts/ on sys.path)

    for port in ports:
        check(wait_http(f"http://127.0.0.1:{port}/healthz") ==
              {"database": "ok", "cache": "ok", "broker": "ok"},
              f"healthz on :{port} reports database, cache and broker ok")
    clerk = Browser()
    clerk.login(ports[0], "clerk")
    status, url, html = clerk.get(ports[1], "/")
    check("工作台" in html and "/login/" not in url,
          "a session made on one instance is valid on the other")
    run_flows(Browser, ports, check, env, logfile)
    # a sweep after the flows, triggered by beat and run by the worker
    shell(env, "from django.core.cache import cache; cache.delete('sweep:last')")

    def last_sweep():
        out = shell(env, "from django.core.cache import cache; import json; "
                         "print(json.dumps(cache.get('sweep:last'), default=str))")
        return out if out not in ("", "null") else None

    last = wait_for("a beat-triggered sweep to report through the cache", last_sweep,
                    seconds=max(60.0, WAIT_SECONDS / 2))
    check(last, f"a beat-triggered sweep ran through the worker: {last[:120]}")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-prepare", action="store_true",
                        help="keep the database of the last run (no migrate/seed)")
    parser.add_argument("--healthz", default="/healthz",
                        help="the path awaited on each instance before the checks")
    return parser.parse_args(argv)


def run_smoke(args, run_dir, logfile):
    ports = choose_ports(os.environ.get("SMOKE_PORTS", ""))
    env, server = base_env(run_dir)
    log(f"run directory {run_dir}, ports {ports[0]} and {ports[1]}")
    with Fleet(logfile) as fleet:
        env["REDIS_URL"], env["CELERY_BROKER_URL"] = redis_for_run(fleet, run_dir, env)
        if not args.skip_prepare:
            prepare_database(env, server)
        start(fleet, env, ports, run_dir, args.healthz)
        sys.path.insert(0, str(ROOT / "scripts"))
        scenario(env, ports, logfile.name)


def main(argv=None):
    args = parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _terminate)
    run_dir = Path(tempfile.mkdtemp(prefix="sc-smoke-"))
    with open(run_dir / "servers.log", "w") as logfile:
        try:
            run_smoke(args, run_dir, logfile)
        except Exception as exc:  # noqa: BLE001 - report any failure as a failed check
            log(f"FAILED: {exc}" if isinstance(exc, SmokeFailure) else
                f"FAILED: {exc!r}")
            log(f"servers' log kept in {logfile.name}")
            print(f"smoke: {len(PASSED)} passed, 1 failed", flush=True)
            return 1
    shutil.rmtree(run_dir, ignore_errors=True)
    print(f"smoke: {len(PASSED)} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
