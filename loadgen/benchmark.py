"""Measure the pages people use most, in-process through the full Django stack.

``loadgen.plan`` lists each process's targets; a target yields one request per
iteration (a transition POST needs a fresh record each time). For each: median and 95th
percentile time and the SQL query count of the slowest-path request.
"""

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from servicecenter.roles import role_users


@dataclass
class Target:
    name: str
    user: User | None  # None: an anonymous visitor (the public pages)
    request: Callable[[int], tuple[str, str, dict | None]]  # i -> (method, url, data)
    expect: tuple[int, ...] = (200,)
    # i -> extra WSGI environ of the request (a visitor's address, say)
    environ: Callable[[int], dict] | None = None


def percentile(values, pct):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def user_with_role(role: str) -> User:
    user = role_users(role).order_by("pk").first()
    if user is None:
        raise LookupError(f"no active user with role {role}: run generate_data first")
    return user


def measure_targets(targets: list[Target], iterations: int,
                    warmup: int = 2, loop: list | None = None) -> list[dict]:
    """The pages round-robin: iteration i of every page, then i+1, so that a slow spell
    of the machine (a shared VM drifts by tens of percent) weighs on every page alike
    instead of on whichever was measured during it. The POSTs come after, one target
    at a time: a transition drops the cached work lists the pages would be measured
    with. ``loop`` (a list) receives the reference loop's times, one per round of the
    pages: the machine's speed while they were measured, not only before and after."""
    gets = [n for n, t in enumerate(targets) if t.request(0)[0] == "GET"]
    timings = _round_robin([targets[n] for n in gets], iterations, warmup, loop)
    results = dict(zip(gets, timings, strict=True))
    for n, target in enumerate(targets):
        if n not in results:
            results[n] = _round_robin([target], iterations, warmup)[0]
    return [results[n] for n in range(len(targets))]


def _round_robin(targets: list[Target], iterations: int, warmup: int,
                 loop: list | None = None) -> list[dict]:
    clients = []
    for target in targets:
        client = Client(raise_request_exception=True)
        if target.user is not None:
            client.force_login(target.user)
        clients.append(client)
    times = [[] for _ in targets]
    cpu = [[] for _ in targets]
    queries = [0 for _ in targets]
    for i in range(warmup + iterations):
        for n, (target, client) in enumerate(zip(targets, clients, strict=True)):
            elapsed, cpu_ms, count = _request(target, client, i)
            if i >= warmup:
                times[n].append(elapsed)
                cpu[n].append(cpu_ms)
                queries[n] = max(queries[n], count)
        if loop is not None and i >= warmup:
            started = time.perf_counter()
            _reference_work()
            loop.append((time.perf_counter() - started) * 1000)
    reset_queries()
    # cpu_ms: this process's CPU time (no database wait, no time spent preempted):
    # it moves far less with the machine's load than the wall-clock figures
    return [{"p50_ms": round(statistics.median(t), 1),
             "p95_ms": round(percentile(t, 95), 1), "queries": q,
             "cpu_ms": round(statistics.median(c), 1)}
            for t, c, q in zip(times, cpu, queries, strict=True)]


def _request(target: Target, client: Client, i: int) -> tuple[float, float, int]:
    method, url, data = target.request(i)
    environ = target.environ(i) if target.environ else {}
    with CaptureQueriesContext(connection) as ctx:
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = getattr(client, method.lower())(url, data or {}, **environ)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
    if response.status_code not in target.expect:
        raise AssertionError(f"{target.name}: {url} answered {response.status_code}")
    return elapsed, cpu_ms, len(ctx.captured_queries)


def measure_callable(fn: Callable[[], bytes | object], iterations: int,
                     warmup: int = 1) -> dict:
    return measure_callables([fn], iterations, warmup)[0]


def measure_callables(fns: list[Callable[[], bytes | object]], iterations: int,
                      warmup: int = 1) -> list[dict]:
    """Round-robin like the pages (call i of each, then i+1), so a slow spell of the
    machine weighs on every form alike."""
    times, sizes = [[] for _ in fns], [None for _ in fns]
    for i in range(warmup + iterations):
        for n, fn in enumerate(fns):
            started = time.perf_counter()
            result = fn()
            if i >= warmup:
                times[n].append((time.perf_counter() - started) * 1000)
            if isinstance(result, bytes | bytearray):
                sizes[n] = len(result)
    out = []
    for t, size in zip(times, sizes, strict=True):
        row = {"p50_ms": round(statistics.median(t), 1),
               "p95_ms": round(percentile(t, 95), 1), "queries": None}
        if size is not None:
            row["kb"] = round(size / 1024, 1)
        out.append(row)
    return out


def _reference_work() -> int:
    total = 0
    for i in range(20_000):
        total += len(str(i) * 3)
    return total


def timing_row(times: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1), "queries": None}


def reference_loop(iterations: int = 60) -> dict:
    """A fixed pure-Python loop (no database, no Django): the machine's speed at the
    time of the run. A shared VM runs in fast and slow spells; this row, measured
    before and after the pages, tells which one a table was measured in."""
    return measure_callable(_reference_work, iterations, warmup=3)


def table(rows: list[dict]) -> str:
    header = (f"{'name':<44} {'records':>9} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'cpu ms':>7} {'queries':>7} {'KB':>6}")
    lines = [header, "-" * len(header)]
    for r in rows:
        q = "" if r.get("queries") is None else str(r["queries"])
        lines.append(f"{r['name']:<44} {r['records']:>9} {r['p50_ms']:>8} "
                     f"{r['p95_ms']:>8} {r.get('cpu_ms', ''):>7} "
                     f"{q:>7} {r.get('kb', ''):>6}")
    return "\n".join(lines)


def write_json(rows: list[dict], path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False, indent=1)


def admin_search_targets(name: str, url: str, record, user) -> list[Target]:
    """The admin searches managers type (servicecenter.admin_search): a number's
    prefix, the customer's phone, the customer's name."""
    party = record.party
    terms = [("number prefix", record.number[:-2]), ("phone", party.phone),
             ("name", party.name)]
    return [Target(f"admin {name} search {kind}", user,
                   lambda i, q=q: ("GET", url, {"q": q}))
            for kind, q in terms if q]
