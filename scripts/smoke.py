#!/usr/bin/env python
"""Production smoke test: Redis, two gunicorn instances and a Celery worker + beat
against the local PostgreSQL.

It drives one full service-ticket path over HTTP, each step on the other instance,
creates tickets on both at once (numbers must stay gapless and unique), and checks
that a beat-triggered sweep ran through the worker. Exit status 0 on success.
    DATABASE_URL=postgres://servicecenter@127.0.0.1:5432/servicecenter python scripts/smoke.py
"""

import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
PORTS = (8101, 8102)
DB = "sc_smoke"
LOGFILE = open("/tmp/sc-smoke-servers.log", "w")  # noqa: SIM115


def log(msg):
    print(f"[smoke] {msg}", flush=True)


def base_env():
    admin_url = os.environ.get("DATABASE_URL", "postgres://servicecenter@127.0.0.1:5432/servicecenter")
    server = admin_url.rsplit("/", 1)[0]
    return {
        **os.environ,
        "DATABASE_URL": f"{server}/{DB}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "DEBUG": "0", "SECRET_KEY": "smoke-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0", "SWEEP_EVERY_SECONDS": "3", "LOG_FORMAT": "json",
        "MEDIA_ROOT": "/tmp/sc-smoke-media",
    }, server


def ensure_redis():
    if subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True,
                      text=True).stdout.strip() == "PONG":
        return
    log("starting redis")
    subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
                    "--port", "6379", "--save", "", "--appendonly", "no"], check=True)
    for _ in range(20):
        if subprocess.run(["redis-cli", "ping"], capture_output=True, text=True
                          ).stdout.strip() == "PONG":
            return
        time.sleep(0.5)
    raise SystemExit("redis did not start")


def prepare_database(env, server):
    admin = f"{server}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {DB}"], check=True)
    subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=True, capture_output=True)
    subprocess.run(["redis-cli", "-n", "15", "flushdb"], check=True, capture_output=True)
    for cmd in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"],
                ["seed_demo"]):
        subprocess.run([PY, "manage.py", *cmd], cwd=ROOT, env=env, check=True,
                       capture_output=True)


def start(env):
    procs = []
    for port in PORTS:
        procs.append(subprocess.Popen(
            [str(BIN / "gunicorn"), "servicecenter.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=LOGFILE, stderr=LOGFILE, start_new_session=True))
    procs.append(subprocess.Popen(
        [str(BIN / "celery"), "-A", "servicecenter", "worker", "-l", "info",
         "--concurrency", "1", "-B", "--schedule", "/tmp/sc-smoke-beat"],
        cwd=ROOT, env=env, stdout=LOGFILE, stderr=LOGFILE, start_new_session=True))
    for port in PORTS:
        wait_http(f"http://127.0.0.1:{port}/healthz")
    return procs


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                if r.status == 200:
                    return json.loads(r.read())
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not come up")


class Browser:
    """A user agent with cookies: the same session on either instance."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, port, path):
        with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return r.status, r.geturl(), r.read().decode(errors="replace")

    def post(self, port, path, data):
        url = f"http://127.0.0.1:{port}{path}"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()},
                                      doseq=True).encode()
        req = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(req, timeout=30) as r:
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


def scenario(env):
    from smoke_flows import run_flows, shell  # noqa: PLC0415  (scripts/ on sys.path)

    for port in PORTS:
        check(wait_http(f"http://127.0.0.1:{port}/healthz") ==
              {"database": "ok", "cache": "ok", "broker": "ok"},
              f"healthz on :{port} reports database, cache and broker ok")
    clerk = Browser()
    clerk.login(PORTS[0], "clerk")
    status, url, html = clerk.get(PORTS[1], "/")
    check("工作台" in html and "/login/" not in url,
          "a session made on one instance is valid on the other")
    run_flows(Browser, PORTS, check, env, LOGFILE.name)
    # a sweep after the flows, triggered by beat and run by the worker
    shell(env, "from django.core.cache import cache; cache.delete('sweep:last')")
    deadline = time.time() + 60
    last = None
    while time.time() < deadline:
        last = shell(env, "from django.core.cache import cache; import json; "
                          "print(json.dumps(cache.get('sweep:last'), default=str))") or "null"
        if last != "null":
            break
        time.sleep(2)
    check(last not in (None, "null"), f"a beat-triggered sweep ran through the worker: {last[:120]}")


def main():
    env, server = base_env()
    ensure_redis()
    prepare_database(env, server)
    procs = start(env)
    import signal

    signal.signal(signal.SIGTERM, lambda *a: (stop(procs), sys.exit(1)))
    try:
        sys.path.insert(0, str(ROOT / "scripts"))
        scenario(env)
        print(f"smoke: {len(PASSED)} passed, 0 failed", flush=True)
        return 0
    except Exception as exc:  # noqa: BLE001 - report any failure as a failed check
        log(f"FAILED: {exc!r}")
        print(f"smoke: {len(PASSED)} passed, 1 failed", flush=True)
        return 1
    finally:
        stop(procs)


def stop(procs):
    import signal

    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
