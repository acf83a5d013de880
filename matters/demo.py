"""Demo 办件 in every state of the window's walk, through the services. DEMO ONLY;
idempotent (nothing is added once any application exists)."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from servicecenter.models import Party, Window
from servicecenter.roles import HANDLER

from . import services
from .models import Application, ServiceItem
from .models.choices import DeliveryMethod, InformChannel, Outcome, StageKind

# how far each demo application goes, in the order the demo parties are taken
STAGES = ["received", "correction", "accepted", "waiver", "handling", "special",
          "review", "notified", "closed", "rejected", "withdrawn", "at_once"]
DEPARTMENT_STAGES = ("handling", "special", "review", "notified", "closed")


def _items():
    return list(ServiceItem.objects.filter(is_active=True,
                                           current_version__isnull=False)
                .select_related("department", "current_version").order_by("code"))


def _handler_of(item):
    return item.department.members.filter(groups__name=HANDLER,
                                          is_active=True).first()


def _approver_of(item):
    return item.approver or item.department.head


def _receive(clerk, party, item, days_ago, stage):
    """The application with every material but one left out: a required one for
    the 补正 walk, a waivable one for 容缺受理."""
    version = item.current_version
    situation = version.situations.order_by("order", "id").first()
    materials = list(version.materials_for(situation))
    left_out = {"received": lambda m: m.required, "correction": lambda m: m.required,
                "waiver": lambda m: m.waivable}.get(stage)
    out = next((m for m in materials if left_out(m)), None) if left_out else None
    return services.receive_application(
        clerk, item=item, party=party, situation=situation,
        received=[m.pk for m in materials if m != out], window=item.window,
        received_at=timezone.now() - datetime.timedelta(days=days_ago))


def _department_walk(app, stage, clerk):
    """accepted → handling → (special) → review → decided → notified → closed."""
    handler = _handler_of(app.item)
    if handler is None:
        return app
    app = services.take_application(app, handler, handler=handler)
    if stage == "handling":  # with an extension awaiting the leader
        services.request_extension_application(
            app, handler, days=min(5, app.version.extension_days or 5),
            reason="需到县级部门核实申请人家庭经济状况")
        return app
    if stage == "special":
        return services.pause_application(app, handler, kind=StageKind.PUBLICITY,
                                          planned_days=7, note="在村务公开栏公示7天")
    app = services.submit_application(app, handler,
                                      opinion="经核实，符合条件，拟准予。")
    approver = _approver_of(app.item)
    if stage == "review" or approver is None:
        return app
    app = services.decide_application(app, approver, outcome=Outcome.GRANTED,
                                      decision_text="经审核，准予办理。")
    app = services.inform_application(app, clerk, inform_channel=InformChannel.SMS)
    if stage == "notified":
        return app
    return services.deliver_application(app, clerk,
                                        delivery_method=DeliveryMethod.WINDOW)


def _walk(app, stage, clerk):
    if stage == "received":
        return app
    if stage == "correction":
        missing = {am.pk: "未提交" for am in app.owed_materials()}
        return services.request_correction_application(app, clerk, problems=missing)
    if stage == "rejected":
        return services.refuse_application(
            app, clerk, reason="申请人户籍不在本乡镇，不属于本中心受理范围。",
            basis="《行政许可法》第三十二条第一款第（二）项",
            remedy="可向户籍所在地乡镇便民服务中心申请；不服本决定的，可依法申请"
                   "行政复议或者提起行政诉讼。")
    if stage == "withdrawn":
        return services.withdraw_application(app, clerk, reason="申请人要求撤回申请。")
    if stage == "waiver":
        return services.accept_with_waiver_application(
            app, clerk, promised_by=timezone.localdate() + datetime.timedelta(days=5))
    if stage == "at_once":
        return services.complete_at_once_application(app, clerk,
                                                     decision_text="材料齐全，当场办结。")
    app = services.accept_application(app, clerk)
    return app if stage == "accepted" else _department_walk(app, stage, clerk)


def _item_for(stage, items, n):
    """An item that can go as far as ``stage`` (即办 for at_once, 容缺 for waiver, a
    department with a handler and a head for its walk), a different one each time."""
    def fits(item):
        version = item.current_version
        if stage == "at_once":
            return version.same_day
        if stage == "waiver":
            return version.materials.filter(waivable=True).exists()
        if stage in DEPARTMENT_STAGES:
            return (not version.same_day and _handler_of(item) is not None
                    and _approver_of(item) is not None)
        return not version.same_day
    fitting = [i for i in items if fits(i)]
    return fitting[n % len(fitting)] if fitting else None


def _assign_windows():
    """The catalogue is seeded before the demo centre has windows: each item is
    received at its department's window, else at the first (综合受理) window."""
    general = Window.objects.filter(is_active=True).order_by("number").first()
    for item in ServiceItem.objects.filter(window=None).select_related("department"):
        item.window = item.department.windows.filter(is_active=True).order_by(
            "number").first() or general
        if item.window:
            item.save(update_fields=["window"])


def seed() -> int:
    _assign_windows()
    if Application.objects.exists():
        return 0
    items = _items()
    clerk = User.objects.get(username="clerk")
    parties = list(Party.objects.filter(kind=Party.Kind.PERSON).order_by("pk"))
    if not items or not parties:
        return 0
    created = 0
    for n, stage in enumerate(STAGES):
        item = _item_for(stage, items, n)
        if item is None:
            continue
        app = _receive(clerk, parties[n % len(parties)], item,
                       days_ago=len(STAGES) - n, stage=stage)
        _walk(app, stage, clerk)
        created += 1
    return created

