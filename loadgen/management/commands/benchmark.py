import gc
import os
import tempfile

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.urls import get_resolver

from loadgen import benchmark, plan
from servicecenter import sweep


def count_records() -> int:
    from django.apps import apps

    total = 0
    for model in apps.get_models():
        if any(f.name == "state" for f in model._meta.concrete_fields) and hasattr(
            model, "history"
        ):
            total += model._default_manager.count()
    return total


class Command(BaseCommand):
    help = ("Measure list pages, searches, record pages, admin changelists, a "
            "transition POST, PDFs and the sweep against the current database.")

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=30)
        parser.add_argument("--json", default=os.path.join(tempfile.gettempdir(),
                                                           "servicecenter-benchmark.json"))
        parser.add_argument("--only", default="", help=(
            "substrings of target names, comma-separated: a target whose name "
            "contains one is measured"))
        parser.add_argument("--no-freeze", action="store_true", help=(
            "leave the start-up objects in the collector's generations (the product's "
            "wsgi module freezes them, servicecenter/wsgi.py): to measure what that "
            "changes"))

    def handle(self, *args, iterations, json, only, no_freeze, **options):
        wanted = [w for w in only.split(",") if w]

        def chosen(name):
            return not wanted or any(w in name for w in wanted)

        records = count_records()
        ctx = {"records": records}
        rows = []

        def add(name, result):
            rows.append({"name": name, "records": records, **result})

        add("reference loop, start (machine speed)", benchmark.reference_loop())
        with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS],
                               DEBUG=False):
            targets = [t for fn in plan.BENCHMARK_TARGETS for t in fn(ctx)
                       if chosen(t.name)]
            if not no_freeze:
                # as a gunicorn worker is after importing servicecenter.wsgi
                get_resolver().url_patterns  # noqa: B018
                gc.freeze()
            loop = []
            for target, result in zip(targets, benchmark.measure_targets(
                    targets, iterations, loop=loop), strict=True):
                add(target.name, result)
            if loop:
                add("reference loop, between the pages' rounds",
                    benchmark.timing_row(loop))
            pdfs = [(f"pdf {name}", render) for fn in plan.PDF_BENCHMARKS
                    for name, render in fn(ctx) if chosen(f"pdf {name}")]
            # as many renders as page requests: a p95 of ten samples is their maximum
            for (name, _), result in zip(pdfs, benchmark.measure_callables(
                    [r for _, r in pdfs], iterations), strict=True):
                add(name, result)
            if chosen("sweep"):
                # the day's first sweep looks at every open record, later ones at
                # what changed since (the warm-up run leaves the mark they start from)
                add("sweep, full (first of the day)", benchmark.measure_callable(
                    lambda: sweep.run(full=True), 3))
                add("sweep, incremental (later that day)",
                    benchmark.measure_callable(sweep.run, 5))
        add("reference loop, end (machine speed)", benchmark.reference_loop())
        self.stdout.write(benchmark.table(rows))
        benchmark.write_json(rows, json)
        self.stdout.write(f"JSON written to {json}")
