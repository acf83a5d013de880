import os
import signal
import tempfile
import time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from loadgen.loadtest import report, run
from loadgen.loadtest.browse import DEFAULT_PASSWORD, PASSWORD_ENV
from loadgen.management.commands.benchmark import count_records
from servicecenter import sweep


def fault(text: str):
    kind, _, at = text.partition("@")
    if kind not in run.FAULTS:
        raise ValueError(text)
    return kind, float(at or 40)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = ("Start the production stack on loopback (gunicorn 2×CPUs+1 workers, a "
            "private Redis, Celery worker + beat) against DATABASE_URL (the generated "
            "records), run the Locust working day headless, optionally with faults, "
            "stop everything, print a table and write JSON (loadgen/loadtest/report.py "
            "documents its keys).")

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--spawn-rate", type=float, default=2.0)
        parser.add_argument("--duration", type=int, default=120, help="seconds")
        parser.add_argument("--steps", default="", metavar="FROM,TO,STEP,SECONDS",
                            help="step ramp instead of --users: e.g. 10,300,10,20 "
                                 "(10 users more every 20 s, about 10 min)")
        parser.add_argument("--fault", action="append", type=fault, default=[],
                            metavar="KIND[@SECONDS]",
                            help="redis (down --redis-down s), worker (SIGKILL one "
                                 "gunicorn worker) or pg (pg_terminate_backend the "
                                 "app's connections), at SECONDS after the start "
                                 "(default 40); repeatable")
        parser.add_argument("--redis-down", type=float, default=30.0)
        parser.add_argument("--workers", type=int,
                            default=2 * (os.cpu_count() or 1) + 1)
        parser.add_argument("--wait", default="1,4", help="think time min,max seconds")
        parser.add_argument("--min-records", type=int, default=0,
                            help="refuse to run on fewer generated records")
        parser.add_argument("--label", default="")
        parser.add_argument("--json", default=os.path.join(
            tempfile.gettempdir(), "servicecenter-loadtest.json"))

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            raise CommandError("loadtest needs PostgreSQL: set DATABASE_URL to the "
                               "database generate_data filled")
        records = count_records()
        if records < max(1, o["min_records"]):
            raise CommandError(f"{records} records: fill the database first, e.g. "
                               "manage.py generate_data --records 1000000")
        staff = User.objects.filter(username__startswith="gen_")
        if not staff.exists():
            raise CommandError("no gen_* staff: run manage.py generate_data first")
        # the generated staff have no usable password: give them the load test's one
        staff.update(password=make_password(
            os.environ.get(PASSWORD_ENV, DEFAULT_PASSWORD)))
        # a running installation has been swept every five minutes: sweep now, so
        # that the beat's runs during the test are those (incremental), not the one
        # after the bulk load (~100k notices at 1M, which ran into the ramp's top)
        started = time.monotonic()
        sweep.run()
        self.stdout.write(f"sweep before the run: {time.monotonic() - started:.1f} s")
        connection.close()
        run_dir = Path(tempfile.mkdtemp(prefix="sc-loadtest-"))
        opts = run.Options(users=o["users"], spawn_rate=o["spawn_rate"],
                           duration=o["duration"], steps=o["steps"],
                           faults=o["fault"], redis_down=o["redis_down"],
                           workers=o["workers"], wait=o["wait"], run_dir=run_dir,
                           label=o["label"] or time.strftime("%Y-%m-%d %H:%M"))
        signal.signal(signal.SIGTERM, _terminate)  # unwinds through the Fleet
        with open(run_dir / "servers.log", "w") as logfile:
            self.stdout.write(f"run directory {run_dir} (servers' log, Locust's stats)")
            result = run.run(opts, records, logfile)
        report.write(result, o["json"])
        self.stdout.write(report.table(result))
        self.stdout.write(f"JSON written to {o['json']}")
