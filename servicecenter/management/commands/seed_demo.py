from django.core.management.base import BaseCommand

from servicecenter import registry
from servicecenter.demo import seed


class Command(BaseCommand):
    help = "Load demo departments, users and parties (idempotent). DEMO ONLY."

    def handle(self, *args, **options):
        logins = seed()
        for seeder in registry.demo_seeders:
            seeder(self.stdout)
        self.stdout.write(self.style.WARNING("演示账号（仅供演示，切勿用于生产环境）："))
        for username, password, name in logins:
            self.stdout.write(f"  {username:<10} {password:<10} {name}")
