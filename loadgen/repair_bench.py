"""Benchmark targets of repair orders (``manage.py benchmark``)."""

from django.db.models import Count

from repairs import pdf
from repairs.models import RepairOrder
from repairs.models.order import State

from .benchmark import Target, admin_search_targets, user_with_role


def targets(ctx):
    o = RepairOrder.objects.select_related("party").order_by("-id").first()
    if o is None:
        return []
    clerk, manager = user_with_role("clerk"), user_with_role("manager")
    busiest = (RepairOrder.objects.filter(state=State.REPAIRING).values("engineer")
               .annotate(n=Count("id")).order_by("-n").first())
    assigned = (RepairOrder.objects.filter(state=State.ASSIGNED).values("engineer")
                .annotate(n=Count("id")).order_by("-n").first())
    out = [
        Target("维修 list (clerk)", clerk, lambda i: ("GET", "/repairs/", None)),
        Target("维修 list ?state=ready", clerk,
               lambda i: ("GET", "/repairs/", {"state": State.READY})),
        Target("维修 search by phone", clerk,
               lambda i: ("GET", "/repairs/", {"q": o.party.phone})),
        Target("维修 search by number", clerk,
               lambda i: ("GET", "/repairs/", {"q": o.number})),
        Target("维修 record page", clerk, lambda i: ("GET", f"/repairs/{o.pk}/", None)),
        Target("admin repairorder changelist", manager,
               lambda i: ("GET", "/admin/repairs/repairorder/", None)),
        Target("admin repairorder ?state=closed", manager, lambda i: (
            "GET", "/admin/repairs/repairorder/", {"state__exact": State.CLOSED})),
        *admin_search_targets("repairorder", "/admin/repairs/repairorder/", o, manager),
    ]
    if busiest:
        from django.contrib.auth.models import User

        engineer = User.objects.get(pk=busiest["engineer"])
        out.append(Target("维修 工作台 bench (engineer)", engineer,
                          lambda i: ("GET", "/repairs/bench/", None)))
    if assigned:
        from django.contrib.auth.models import User

        engineer = User.objects.get(pk=assigned["engineer"])
        todo = list(RepairOrder.objects.filter(state=State.ASSIGNED, engineer=engineer)
                    .order_by("-id").values_list("pk", flat=True)[:200])
        if len(todo) >= 32:
            out.append(Target("维修 POST start_diagnosis (engineer)", engineer,
                              lambda i: (
                "POST", f"/repairs/{todo[i]}/start_diagnosis/",
                {"expected_state": State.ASSIGNED}), expect=(302,)))
    return out


def pdfs(ctx):
    o = RepairOrder.objects.filter(state=State.CLOSED).select_related("party") \
        .order_by("-id").first()
    return [("维修过程记录", lambda: pdf.process_record_pdf(o))] if o else []
