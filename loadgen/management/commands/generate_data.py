import random
import time

from django.core.management.base import BaseCommand
from django.db import connection

from loadgen import plan
from loadgen.data import base_people


class Command(BaseCommand):
    help = ("Generate N realistic records across every process model, in every state, "
            "over three years, with history rows (bulk inserts). For benchmarks only.")

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--only", choices=sorted(plan.ONLY), help=(
            "generate only this part (``--records`` of it) into an existing "
            "database, skipping the rest"))

    def _timed(self, label, fn, *args) -> int:
        t = time.perf_counter()
        count = fn(*args)
        self.stdout.write(f"{label}: {count} records ({time.perf_counter() - t:.1f}s)")
        return count

    def handle(self, *args, records, seed, only=None, **options):
        started = time.perf_counter()
        rng = random.Random(seed)
        if only:  # e.g. --only levels: that part's generator, nothing else
            self._timed(only, plan.ONLY[only], rng, records)
            self._analyze()
            return
        ctx = base_people(max(100, records // 4), rng)
        self.stdout.write(f"parties: {len(ctx['parties'])} "
                          f"({time.perf_counter() - started:.1f}s)")
        generators = plan.DATA_GENERATORS
        total_weight = sum(weight for weight, _ in generators)
        made = 0
        for weight, generate in generators:
            made += self._timed(generate.__module__, generate,
                                records * weight // total_weight, ctx)
        for finish in plan.DATA_FINISHERS:
            made += self._timed(f"{finish.__module__}.{finish.__name__}", finish, ctx)
        self.stdout.write(self.style.SUCCESS(
            f"{made} records in {time.perf_counter() - started:.1f}s"))
        self._analyze()

    def _analyze(self):
        if connection.vendor == "postgresql":
            # a bulk load leaves no statistics and no visibility map (and autovacuum
            # may be off, as in Debian's test clusters): the planner needs both
            t = time.perf_counter()
            sql = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(sql)
            self.stdout.write(f"{sql} ({time.perf_counter() - t:.1f}s)")
