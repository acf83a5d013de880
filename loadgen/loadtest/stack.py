"""The production stack on loopback for the load test, owned by scripts/smoke.py's
``Fleet`` (every process group is stopped on leaving, on failure and on Ctrl-C):
a private redis-server (never the machine's: the Redis fault restarts it),
gunicorn with ``gunicorn.conf.py``, a Celery worker with beat (the sweep every
``SWEEP_EVERY_SECONDS``, 5 minutes). Also the three faults and the database probes
(connections in use, statements)."""

import os
import signal
import sys
import threading
import time
from pathlib import Path

import psutil
import psycopg2

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from smoke import Fleet, free_ports, redis_cli, wait_for, wait_http  # noqa: E402

BIN = ROOT / ".venv" / "bin"
__all__ = ["Fleet", "free_ports", "wait_for"]


def log(msg):
    print(f"[loadtest] {msg}", flush=True)


def production_env(run_dir: Path, database_url: str, redis_port: int) -> dict:
    # media outlive the run, as they do in production: the database keeps the issued
    # PDFs of earlier runs, and a missing stored file would be a 500 of the harness
    media = Path(os.environ.get("LOADTEST_MEDIA_ROOT") or Path(run_dir).parent / (
        "sc-loadtest-media-" + database_url.rsplit("/", 1)[-1]))
    return {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "0",
        "SECRET_KEY": "loadtest-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0", "LOG_FORMAT": "json", "LOG_LEVEL": "WARNING",
        "SWEEP_EVERY_SECONDS": os.environ.get("SWEEP_EVERY_SECONDS", "300"),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/1",
        "MEDIA_ROOT": str(media),
        # every simulated citizen comes from 127.0.0.1: the per-address limit of the
        # status lookup would answer them all 429 (the per-number limit stays)
        "LOOKUP_RATE": os.environ.get("LOOKUP_RATE", "100000/m"),
    }


def start_redis(fleet: Fleet, run_dir: Path, port: int, env: dict):
    proc = fleet.start(f"redis-server :{port}", [
        "redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
        "--appendonly", "no", "--dir", str(run_dir)], env)
    wait_for(f"redis-server on :{port} to answer PING",
             lambda: redis_cli(port, "ping") == "PONG", seconds=30)
    return proc


def start_app(fleet: Fleet, env: dict, port: int, workers: int, run_dir: Path):
    """gunicorn and the Celery worker + beat; returns gunicorn's master process."""
    master = fleet.start(f"gunicorn :{port} ({workers} workers)", [
        str(BIN / "gunicorn"), "servicecenter.wsgi:application",
        "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--timeout", "60"], env)
    fleet.start("celery worker + beat", [
        str(BIN / "celery"), "-A", "servicecenter", "worker", "-l", "warning",
        "--concurrency", "1", "-B", "--schedule", str(run_dir / "beat-schedule")], env)
    wait_http(f"http://127.0.0.1:{port}/healthz", fleet)
    return master


# --- faults --------------------------------------------------------------------------

def restart_redis(fleet: Fleet, port: int, run_dir: Path, env: dict, down: float):
    """Stop the stack's redis-server, keep it down ``down`` seconds, start it again
    on the same port."""
    name = f"redis-server :{port}"
    for entry in [e for e in fleet.procs if e[0] == name]:
        os.killpg(entry[1].pid, signal.SIGTERM)
        entry[1].wait(timeout=30)
        fleet.procs.remove(entry)
    time.sleep(down)
    start_redis(fleet, run_dir, port, env)
    return f"redis-server down {down:.0f} s"


def kill_worker(master) -> str:
    """SIGKILL one gunicorn worker (the master starts another)."""
    workers = psutil.Process(master.pid).children()
    if not workers:
        return "no worker found"
    victim = workers[0]
    victim.send_signal(signal.SIGKILL)
    return f"SIGKILL worker pid {victim.pid} of {len(workers)}"


def terminate_backends(dsn: dict, keep: set) -> str:
    """pg_terminate_backend every connection to the app's database but ours."""
    with psycopg2.connect(**dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid() "
                    "AND NOT (pid = ANY(%s))", [dsn["dbname"], list(keep)])
        done = cur.fetchall()
    conn.close()
    return f"terminated {sum(1 for _, ok in done if ok)} of {len(done)} connections"


# --- database probes ---------------------------------------------------------------

class ConnectionSampler(threading.Thread):
    """Counts the app database's connections (all, active, idle in transaction)
    from pg_stat_activity once a second until stopped."""

    def __init__(self, dsn: dict, started: float):
        super().__init__(daemon=True)
        self.dsn, self.started, self.samples = dsn, started, []
        self.halt = threading.Event()
        self.conn = psycopg2.connect(**dsn)
        self.conn.autocommit = True
        self.pid = self.conn.get_backend_pid()

    def run(self):
        while not self.halt.wait(1.0):
            try:
                with self.conn.cursor() as cur:
                    cur.execute(
                        "SELECT count(*), count(*) FILTER (WHERE state = 'active'), "
                        "count(*) FILTER (WHERE state LIKE 'idle in transaction%%') "
                        "FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                        [self.dsn["dbname"], self.pid])
                    total, active, in_tx = cur.fetchone()
            except psycopg2.Error:
                continue
            self.samples.append({"t": round(time.time() - self.started),
                                 "total": total, "active": active,
                                 "idle_in_transaction": in_tx})

    def stop(self):
        self.halt.set()
        self.join(timeout=5)
        self.conn.close()


STATEMENTS = ("SELECT s.queryid, s.query, s.calls, s.total_exec_time, s.rows "
              "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
              "WHERE d.datname = %s")


def statements_snapshot(dsn: dict, reset: bool = False) -> dict | None:
    """{queryid: (query, calls, total ms, rows)} of this database; with ``reset``
    pg_stat_statements_reset() first where allowed (the difference of two snapshots
    is the run's either way). None when the extension is missing."""
    conn = psycopg2.connect(**dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            if reset:
                try:
                    cur.execute("SELECT pg_stat_statements_reset()")
                except psycopg2.Error:
                    pass  # not allowed for this role: the snapshots' difference
            cur.execute(STATEMENTS, [dsn["dbname"]])
            return {qid: (q, calls, ms, rows) for qid, q, calls, ms, rows in cur}
    except psycopg2.Error as exc:
        log(f"pg_stat_statements unavailable ({str(exc).strip()[:120]}); create it "
            "as the superuser: CREATE EXTENSION pg_stat_statements (and preload it)")
        return None
    finally:
        conn.close()


def top_statements(before: dict | None, after: dict | None, count=10) -> list:
    if before is None or after is None:
        return []
    rows = []
    for qid, (query, calls, ms, nrows) in after.items():
        _, c0, ms0, r0 = before.get(qid, ("", 0, 0.0, 0))
        if calls - c0 > 0:
            rows.append({"query": " ".join(query.split())[:500], "calls": calls - c0,
                         "total_ms": round(ms - ms0, 1),
                         "mean_ms": round((ms - ms0) / (calls - c0), 3),
                         "rows": nrows - r0})
    return sorted(rows, key=lambda r: -r["total_ms"])[:count]
