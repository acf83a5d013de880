from django.core.management.base import BaseCommand

from tickets.service.maintenance import sweep


class Command(BaseCommand):
    help = ("定期服务：为到期（含提前期）的维护计划生成上门服务单。"
            "可重复运行，不会重复生成。")

    def handle(self, *args, **options):
        created = sweep()
        for ticket in created:
            self.stdout.write(f"已生成 {ticket.number}：{ticket.party} {ticket.system}")
        self.stdout.write(self.style.SUCCESS(
            f"定期维护：新生成 {len(created)} 张服务单。"))
