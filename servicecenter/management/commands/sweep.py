import json

from django.core.management.base import BaseCommand

from servicecenter import recompute, sweep


class Command(BaseCommand):
    help = ("Deadline sweep: mark overdue, remind, chase, escalate, auto-close. Safe "
            "to run every few minutes; running it twice sends nothing new. The day's "
            "first run looks at every open record, later runs at what changed since.")

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true",
                            help="look at every open record, not only what changed "
                                 "(after a bulk UPDATE of records)")
        parser.add_argument("--recompute-year", type=int, metavar="YEAR",
                            help="first recompute the provisional deadlines that fall "
                                 "in YEAR or later (after confirming YEAR's calendar "
                                 "outside the admin)")

    def handle(self, *args, full=False, recompute_year=None, **options):
        if recompute_year:
            changed = recompute.recompute_year(recompute_year)
            self.stdout.write(f"recomputed {changed} provisional deadlines")
        report = sweep.run(full=full)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1, default=str))
