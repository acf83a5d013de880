"""The load test's report: Locust's statistics (its ``--json-file``), the
locustfile's per-second timeline, the sampled database connections, the statements
and the faults, as one JSON document and a table.

Keys of the JSON (``KEYS``; every time in milliseconds, every rate per second):
    meta             what ran: when, how long, users, ramp, workers, machine, records
    totals           requests, failures, rps, p50_ms, p95_ms, p99_ms, max_ms
    groups           per page group: the same figures, slowest p95 first
    errors_by_status failed requests by HTTP status ("0 <Error>": no answer at all)
    refused_forms    forms the product re-showed with a message (another user moved
                     the record first ...), per group: not errors; refused_reasons
                     holds the first message of each
    db_connections   the app database's connections from pg_stat_activity, sampled
                     every second: max/mean of all and of active ones, and samples
    top_statements   the 10 statements with the most total execution time during the
                     run (pg_stat_statements, this database only)
    faults           per fault: kind, at_s, ended_s (s from start), failed_requests,
                     failed_by_status, baseline_rps (ok answers/s in the 20 s before),
                     recovered_after_s (from at_s until 3 s in a row average 80 % of
                     that rate; None: not within the run), detail
    timeline         per second of the run: t (s from start), ok, failed
    steps            a step ramp only (--steps FROM,TO,STEP,SECONDS), per step: users,
                     from_s, to_s, requests, failed, rps, p50_ms, p95_ms; logins (the
                     step's login requests) and p50_work_ms, p95_work_ms (the figures
                     without them)
    saturation       a step ramp only: the last step before the first one with a p95
                     over SATURATION_P95_MS or any failed request (its users, rps and
                     p95), the step that broke it, and why
    saturation_work  the same rule on the work alone (p95_work_ms): a ramp logs in
                     every new user within its step, a working day does not
"""

import json
import math
from collections import Counter

KEYS = ("meta", "totals", "groups", "errors_by_status", "refused_forms",
        "refused_reasons", "db_connections", "top_statements", "faults", "timeline",
        "steps", "saturation", "saturation_work")
SATURATION_P95_MS = 300  # the bar: p95 at most 300 ms with no error
RECOVERED_SHARE = 0.8  # of the rate before the fault, held for RECOVERY_WINDOW s
RECOVERY_WINDOW = 3
BASELINE_SECONDS = 20


def percentile(histogram: dict, share: float) -> float | None:
    """Locust's response_times histogram ({ms: count}) at ``share`` (0.95)."""
    points = sorted((float(ms), n) for ms, n in histogram.items())
    total = sum(n for _, n in points)
    if not total:
        return None
    seen = 0
    for ms, n in points:
        seen += n
        if seen >= share * total:
            return ms
    return points[-1][0]


def _figures(entries, seconds):
    histogram, requests, failures, top = {}, 0, 0, 0
    for e in entries:
        for ms, n in e["response_times"].items():
            histogram[float(ms)] = histogram.get(float(ms), 0) + n
        requests += e["num_requests"]
        failures += e["num_failures"]
        top = max(top, e.get("max_response_time") or 0)
    return {"requests": requests, "failures": failures,
            "rps": round(requests / seconds, 2) if seconds else None,
            "p50_ms": percentile(histogram, 0.50),
            "p95_ms": percentile(histogram, 0.95),
            "p99_ms": percentile(histogram, 0.99), "max_ms": round(top)}


def groups(stats: list, seconds: float) -> list:
    by_name: dict = {}
    for entry in stats:
        by_name.setdefault(entry["name"], []).append(entry)
    rows = [{"group": name, **_figures(entries, seconds)}
            for name, entries in by_name.items()]
    return sorted(rows, key=lambda r: -(r["p95_ms"] or 0))


def timeline(seconds: dict, started: float) -> list:
    return [{"t": int(t) - int(started), "ok": ok, "failed": failed}
            for t, (ok, failed) in sorted((int(k), v) for k, v in seconds.items())]


def _pct(values: list, share: float):
    """Nearest rank: the smallest value with ``share`` of the values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


def steps(spec: str | None, line_data: dict, started: float) -> list:
    """Each ramp step's own figures: the requests that ended while it held."""
    if not spec:
        return []
    start, stop, step, every = (int(x) for x in spec.split(","))
    count = (stop - start) // max(step, 1) + 2  # the ramp, and the top held once more
    def relative(key):
        return {int(k) - int(started): v for k, v in line_data.get(key, {}).items()}

    seconds, latency = relative("seconds"), relative("latency")
    logins = relative("latency_login")
    rows = []
    for i in range(count):
        lo, hi = i * every, (i + 1) * every
        times = [ms for t in range(lo, hi) for ms in latency.get(t, [])]
        login = Counter(ms for t in range(lo, hi) for ms in logins.get(t, []))
        work = list((Counter(times) - login).elements())
        ok = sum(seconds.get(t, [0, 0])[0] for t in range(lo, hi))
        failed = sum(seconds.get(t, [0, 0])[1] for t in range(lo, hi))
        if not ok and not failed and not times:
            continue
        rows.append({"users": min(stop, start + i * step), "from_s": lo, "to_s": hi,
                     "requests": ok + failed, "failed": failed,
                     "rps": round((ok + failed) / every, 2),
                     "p50_ms": _pct(times, 0.50), "p95_ms": _pct(times, 0.95),
                     "logins": login.total(), "p50_work_ms": _pct(work, 0.50),
                     "p95_work_ms": _pct(work, 0.95)})
    return rows


def saturation(rows: list, key: str = "p95_ms") -> dict | None:
    if not rows:
        return None
    for n, row in enumerate(rows):
        over = (row[key] or 0) > SATURATION_P95_MS
        if over or row["failed"]:
            held = rows[n - 1] if n else None
            return {"held": held, "broke_at": row,
                    "why": (f"p95 {row[key]:.0f} ms > {SATURATION_P95_MS} ms"
                            if over else f"{row['failed']} failed requests")}
    return {"held": rows[-1], "broke_at": None, "why": "held to the top of the ramp"}


def fault_result(fault: dict, line: list, failed_at: dict | None = None,
                 started: float = 0) -> dict:
    """Failed requests from the fault until the rate is back, and how long that
    took: back = RECOVERY_WINDOW seconds in a row averaging RECOVERED_SHARE of the
    ok-rate of the BASELINE_SECONDS before the fault."""
    at, ended = fault["at_s"], fault.get("ended_s", fault["at_s"])
    rate = {p["t"]: p for p in line}
    before = [rate.get(t, {"ok": 0})["ok"] for t in range(at - BASELINE_SECONDS, at)]
    baseline = sum(before) / len(before) if before else 0
    last = max(rate) if rate else at
    recovered = None
    for t in range(int(ended), last - RECOVERY_WINDOW + 2):
        window = [rate.get(t + i, {"ok": 0})["ok"] for i in range(RECOVERY_WINDOW)]
        if sum(window) / RECOVERY_WINDOW >= RECOVERED_SHARE * baseline:
            recovered = t
            break
    until = (recovered if recovered is not None else last) + RECOVERY_WINDOW
    failed = sum(rate.get(t, {"failed": 0})["failed"] for t in range(at - 1, until + 1))
    by_status: dict = {}
    for second, counts in (failed_at or {}).items():
        if at - 1 <= int(second) - int(started) <= until:
            for status, n in counts.items():
                by_status[status] = by_status.get(status, 0) + n
    return {**fault, "baseline_rps": round(baseline, 2), "failed_requests": failed,
            "failed_by_status": by_status,
            "recovered_after_s": None if recovered is None else max(0, recovered - at)}


def connections(samples: list) -> dict:
    if not samples:
        return {"max_total": None, "max_active": None, "mean_total": None,
                "mean_active": None, "samples": []}
    total = [s["total"] for s in samples]
    active = [s["active"] for s in samples]
    return {"max_total": max(total), "max_active": max(active),
            "mean_total": round(sum(total) / len(total), 1),
            "mean_active": round(sum(active) / len(active), 1), "samples": samples}


def build(meta: dict, stats: list, line_data: dict, samples: list, statements: list,
          faults: list) -> dict:
    """The JSON document (``KEYS``) from the run's raw figures."""
    starts = [e["start_time"] for e in stats if e.get("start_time")]
    ends = [e["last_request_timestamp"] for e in stats
            if e.get("last_request_timestamp")]
    # requests per second over the span requests were made in (Locust's own clock)
    seconds = (max(ends) - min(starts)) if starts and ends else meta.get("duration_s")
    meta = {**meta, "measured_s": round(seconds or 0, 1)}
    line = timeline(line_data.get("seconds", {}), meta.get("started_unix", 0))
    return {
        "meta": meta,
        "totals": _figures(stats, seconds),
        "groups": groups(stats, seconds),
        "errors_by_status": {
            k: v for k, v in sorted(line_data.get("status", {}).items())
            if not (k.isdigit() and 0 < int(k) < 400)},
        "refused_forms": line_data.get("refused", {}),
        "refused_reasons": line_data.get("refused_reasons", {}),
        "db_connections": connections(samples),
        "top_statements": statements[:10],
        "faults": [fault_result(f, line, line_data.get("failed"),
                                meta.get("started_unix", 0)) for f in faults],
        "timeline": line,
        "steps": (ramp := steps(meta.get("steps"), line_data,
                                meta.get("started_unix", 0))),
        "saturation": saturation(ramp),
        "saturation_work": saturation(ramp, "p95_work_ms"),
    }


def _ms(value):
    return "-" if value is None else f"{value:.0f}"


def table(report: dict) -> str:
    """The report for a terminal: totals, groups, errors, connections, statements,
    faults."""
    m, t = report["meta"], report["totals"]
    out = [f"load test {m.get('label', '')}: {m.get('mode')} , "
           f"{m.get('duration_s')} s, {m.get('workers')} gunicorn workers, "
           f"{m.get('records')} records, {m.get('cpus')} CPUs "
           f"(load average at start {m.get('loadavg_start')})",
           f"{'page group':34} {'requests':>8} {'failed':>6} {'rps':>7} "
           f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  (ms)"]
    for row in [*report["groups"], {"group": "ALL", **t}]:
        out.append(f"{row['group'][:34]:34} {row['requests']:>8} {row['failures']:>6} "
                   f"{row['rps'] or 0:>7.2f} {_ms(row['p50_ms']):>6} "
                   f"{_ms(row['p95_ms']):>6} {_ms(row['p99_ms']):>6} "
                   f"{_ms(row['max_ms']):>6}")
    out.append(f"errors by status: {report['errors_by_status'] or 'none'}")
    out.append(f"forms refused (not errors): {report['refused_forms'] or 'none'}")
    c = report["db_connections"]
    out.append(f"database connections: max {c['max_total']} (active {c['max_active']})"
               f", mean {c['mean_total']} (active {c['mean_active']})")
    out.append("top statements by total time:")
    for s in report["top_statements"]:
        out.append(f"  {s['total_ms']:>9.0f} ms {s['calls']:>7} calls "
                   f"{s['mean_ms']:>7.2f} ms/call  {s['query'][:90]}")
    for row in report.get("steps") or []:
        out.append(f"step {row['users']:>4} users ({row['from_s']}-{row['to_s']} s): "
                   f"{row['rps']:>6.2f} rps, p50 {_ms(row['p50_ms'])}, p95 "
                   f"{_ms(row['p95_ms'])} ms, {row['failed']} failed; without its "
                   f"{row.get('logins', 0)} logins p50 {_ms(row.get('p50_work_ms'))}, "
                   f"p95 {_ms(row.get('p95_work_ms'))} ms")
    for name, key, sat in (("saturation", "p95_ms", report.get("saturation")),
                           ("saturation without logins", "p95_work_ms",
                            report.get("saturation_work"))):
        if sat:
            held = sat["held"]
            said = (f"held {held['rps']} rps at {held['users']} users "
                    f"(p95 {_ms(held[key])} ms)" if held
                    else "not held even at the first step")
            out.append(f"{name}: {said}; {sat['why']}")
    for f in report["faults"]:
        out.append(f"fault {f['kind']} at {f['at_s']} s: {f['failed_requests']} failed "
                   f"requests {f.get('failed_by_status') or ''}, rate before "
                   f"{f['baseline_rps']}/s, back after {f['recovered_after_s']} s")
    return "\n".join(out)


def write(report: dict, path) -> None:
    with open(path, "w") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1)
