import json

from django.core.management.base import BaseCommand

from servicecenter import sweep


class Command(BaseCommand):
    help = ("Deadline sweep: mark overdue, remind, chase, escalate, auto-close. Safe to "
            "run every few minutes; running it twice sends nothing new.")

    def handle(self, *args, **options):
        report = sweep.run()
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1, default=str))
