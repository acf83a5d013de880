"""gunicorn as `make serve` starts it (from the project directory, so it reads
gunicorn.conf.py), against the test database, on a free port; a cookie-keeping
client for it. For tests of what only a real server shows: its logs, its
persistent database connections."""

import contextlib
import http.cookiejar
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    s = connection.settings_dict
    return (f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(log_dir: Path, **env):
    """Yield the base URL; the access log is log_dir/access.log, everything the
    process writes (the app's log lines, gunicorn's errors) log_dir/server.log."""
    port = free_port()
    environ = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1",
               "LOG_LEVEL": "INFO", **env}
    environ.pop("REDIS_URL", None), environ.pop("CELERY_BROKER_URL", None)
    with open(log_dir / "server.log", "wb") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "servicecenter.wsgi:application",
             "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers",
             "1", "--timeout", "60",
             "--access-logfile", str(log_dir / "access.log")],
            cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/healthz", proc, log_dir / "server.log")
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait(url, proc, log):
    seconds = float(os.environ.get("CI_WAIT_SECONDS", 120))  # a loaded machine is slow
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}): "
                               f"{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except urllib.error.HTTPError:
            return  # it answers (a 503 names a backend down, not a dead server)
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s")


class Client:
    """Cookies and CSRF like a browser; every answer as (status, body)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar))

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def get(self, path):
        return self._open(self.base + path)

    def post(self, path, data):
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        return self._open(urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}))

    def login(self, username, password):
        self.get("/login/")
        status, html = self.post("/login/", {"username": username,
                                             "password": password})
        assert status == 200 and 'name="password"' not in html, html[:500]
