from django.core.management.base import BaseCommand

from petitions.services import close_expired_petitions


class Command(BaseCommand):
    help = ("办结答复后30日内未申请复查的信访事项"
            "（可每隔几分钟运行，重复运行无副作用）。")

    def handle(self, *args, **options):
        closed, skipped = close_expired_petitions()
        self.stdout.write(f"自动办结 {closed} 件，跳过 {skipped} 件。")
