"""The smoke test stops every process it started when start-up fails, and refuses a
taken port with a message naming it (scripts/smoke.py)."""

import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _processes_with(marker):
    """Live processes whose environment holds ``marker`` (children inherit it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in environ.split(b"\0") and state != "Z":
            found.append((proc.name, (proc / "cmdline").read_bytes()[:200]))
    return found


def _environ(env, tmp_path):
    marker = f"SMOKE_TEST_RUN={uuid.uuid4().hex}"
    key, value = marker.split("=")
    return {**os.environ, "SMOKE_REDIS": "private", "SMOKE_DB": "sc_smoke_cleanup",
            "TMPDIR": str(tmp_path), key: value, **env}, marker  # run dir in tmp_path


def _smoke(tmp_path, env, *args, timeout=180):
    environ, marker = _environ(env, tmp_path)
    result = subprocess.run([sys.executable, "scripts/smoke.py", *args], cwd=ROOT,
                            env=environ, capture_output=True, text=True,
                            timeout=timeout)
    return result, marker


def test_a_wait_that_gives_up_leaves_no_process_running(tmp_path):
    # a path that never answers JSON 200: start-up fails after Redis, both gunicorns
    # and the Celery worker with beat have been running for the whole wait
    result, marker = _smoke(tmp_path, {"CI_WAIT_SECONDS": "10"}, "--skip-prepare",
                            "--healthz", "/never-healthy")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    for name in ("redis-server", "gunicorn :", "celery worker + beat"):
        assert f"started {name}" in out
    assert "gave up waiting for http://127.0.0.1:" in out
    assert "/never-healthy to answer 200 after 10 s (CI_WAIT_SECONDS)" in out
    assert _processes_with(marker) == []


def test_a_taken_port_fails_with_a_message_naming_it(tmp_path):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        result, marker = _smoke(tmp_path, {"SMOKE_PORTS": f"{port},{port + 1}"},
                                "--skip-prepare")
    assert result.returncode == 1
    assert f"port {port} is already taken" in result.stdout
    assert "started" not in result.stdout
    assert _processes_with(marker) == []


def test_sigterm_during_start_up_leaves_no_process_running(tmp_path):
    environ, marker = _environ({"CI_WAIT_SECONDS": "120"}, tmp_path)
    argv = [sys.executable, "scripts/smoke.py", "--skip-prepare", "--healthz",
            "/never-healthy"]
    smoke = subprocess.Popen(argv, cwd=ROOT, env=environ, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        seen = []
        for line in smoke.stdout:
            seen.append(line)
            if "started celery worker + beat" in line:
                break
        assert len(_processes_with(marker)) >= 4, "".join(seen)  # all are running
        smoke.send_signal(signal.SIGTERM)
        smoke.communicate(timeout=120)
    finally:
        if smoke.poll() is None:
            smoke.kill()
    assert smoke.returncode == 128 + signal.SIGTERM
    assert _processes_with(marker) == []
