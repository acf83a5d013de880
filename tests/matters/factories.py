"""Applications for tests: ``make_application`` writes one in any state directly (for
matrices and clocks); ``Walk`` takes one there through the services, as the window
and the department would."""

import datetime
import itertools

from django.utils import timezone

from matters import services
from matters.models import Application, ApplicationMaterial, ServiceItem, State
from tests.factories import PartyFactory

_seq = itertools.count(1)
DIBAO = "城乡低保救助服务"  # 27 working days, materials 容缺 allowed for two
HEZUO = "合作医疗证补发、合作医疗缴费凭证补办"  # 当日, 即办件
ZHAIJIDI = "农村村民住宅用地与建设审批"  # situations 翻建 / 新建


def item(name=DIBAO) -> ServiceItem:
    return ServiceItem.objects.select_related("current_version").get(name=name)


def make_application(state=State.RECEIVED, *, item_name=DIBAO, received=True,
                     **fields) -> Application:
    """One application written directly in ``state``, its materials all received
    unless ``received`` is False."""
    it = item(item_name)
    now = timezone.now()
    values = {"number": f"BJ2026-{next(_seq) + 90000:05d}", "state": state,
              "item": it, "version": it.current_version, "party": PartyFactory(),
              "received_at": now, "department": it.department, **fields}
    app = Application.objects.create(**values)
    ApplicationMaterial.objects.bulk_create([
        ApplicationMaterial(application=app, material=m, received=received)
        for m in it.current_version.materials_for(app.situation)])
    return app


class Walk:
    """Take an application to a state through the services."""

    def __init__(self, clerk, handler, approver, item_name=DIBAO):
        self.clerk, self.handler, self.approver = clerk, handler, approver
        self.item = item(item_name)

    def receive(self, missing=(), situation=None, **kwargs):
        version = self.item.current_version
        materials = version.materials_for(situation)
        received = [m for m in materials if m.name not in missing]
        return services.receive_application(
            self.clerk, item=self.item, party=kwargs.pop("party", None)
            or PartyFactory(phone="13912345678"), situation=situation,
            received=received, **kwargs)

    def accepted(self, **kwargs):
        return services.accept_application(self.receive(**kwargs), self.clerk)

    def handling(self, **kwargs):
        return services.take_application(self.accepted(**kwargs), self.handler)

    def review(self, **kwargs):
        return services.submit_application(self.handling(**kwargs), self.handler,
                                           opinion="经入户调查，符合低保条件。")

    def decided(self, **kwargs):
        return services.decide_application(self.review(**kwargs), self.approver,
                                           outcome="granted",
                                           decision_text="准予纳入城乡低保。")

    def notified(self, **kwargs):
        return services.inform_application(self.decided(**kwargs), self.clerk,
                                           inform_channel="phone")

    def closed(self, **kwargs):
        return services.deliver_application(self.notified(**kwargs), self.clerk,
                                            delivery_method="window")


def at(day, hour=10, month=1, year=2026) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime(year, month, day, hour, tzinfo=tz)
