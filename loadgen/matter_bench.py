"""Benchmark targets of 办件 (``manage.py benchmark``): the window's queue, the
department's queue, the searches, the record page, the intake POST, and the public's
pages (the service guide and the status lookup, without login)."""

from django.contrib.auth.models import User
from django.db.models import Count
from django.urls import reverse

from matters.models import Application, Appointment, ServiceItem, State

from .benchmark import Target, user_with_role


def _busiest_handler():
    row = (Application.objects.filter(state__in=[State.HANDLING, State.SPECIAL])
           .values("handler").annotate(n=Count("id")).order_by("-n").first())
    return User.objects.get(pk=row["handler"]) if row and row["handler"] else None


def _joint():
    """并联审批: the consulted department's pending opinions, as its busiest member."""
    from matters.models import JointOpinion

    row = (JointOpinion.objects.filter(state=JointOpinion.State.PENDING)
           .values("department").annotate(n=Count("id")).order_by("-n").first())
    member = (User.objects.filter(departments=row["department"], is_active=True,
                                  groups__name="handler").order_by("pk").first()
              if row else None)
    if member is None:
        return []
    return [Target("办件 joint opinions pending (handler)", member,
                   lambda i: ("GET", reverse("matters:joint"), None))]


def _intake(clerk, party):
    """The POST of the window's intake: an item of the seeded catalogue, every
    material handed in (each iteration receives a new 办件)."""
    item = (ServiceItem.objects.filter(is_active=True, current_version__isnull=False,
                                       window__isnull=False)
            .select_related("current_version").order_by("pk").first())
    if item is None:
        return []
    version = item.current_version
    situation = version.situations.order_by("order", "id").first()
    data = {"party_id": party.pk, "item": item.pk,
            "situation": situation.pk if situation else "", "channel": "window",
            "window": item.window_id, "remark": ""}
    for m in version.materials_for(situation):
        data[f"m{m.pk}_received"] = "on"
    return [Target("办件 POST intake (clerk)", clerk,
                   lambda i: ("POST", reverse("matters:intake"), data),
                   expect=(302,))]


def _appointments(clerk):
    """预约: the day's list of the clerk's windows (loadgen.appointment_data)."""
    if not Appointment.objects.exists():
        return []
    return [Target("预约 appointment list today (clerk)", clerk,
                   lambda i: ("GET", reverse("matters:appointments"), None))]


def _public(o):
    item = ServiceItem.objects.filter(is_active=True).order_by("code").first()
    # a different 办件 (and visitor address) each time: the lookup's rate limits
    # count per address and per number, and would answer 429 after a few. Only those
    # with a phone on file: without one the form is refused before any query (the
    # generated levels' 办件 have none, and they are the newest)
    asked = list(Application.objects.exclude(phone_tail="").order_by("-id")
                 .values_list("number", "phone_tail")[:200])
    out = [
        Target("办件 public guide list", None,
               lambda i: ("GET", reverse("public:guide"), None)),
        Target("办件 public guide search", None,
               lambda i: ("GET", reverse("public:guide"), {"q": item.name[:2]})),
        Target("办件 public status lookup", None, lambda i: (
            "POST", reverse("public:lookup"),
            {"no": asked[i % len(asked)][0], "tail": asked[i % len(asked)][1]}),
            environ=lambda i: {"REMOTE_ADDR": f"10.9.{i // 250}.{i % 250 + 1}"}),
    ]
    if item is not None:
        out.insert(2, Target("办件 public guide item", None, lambda i: (
            "GET", reverse("public:guide_item", args=[item.code]), None)))
    return out


def targets(ctx):
    o = Application.objects.select_related("party").order_by("-id").first()
    if o is None:
        return []
    clerk = user_with_role("clerk")
    record = (Application.objects.filter(state=State.HANDLING).order_by("-id").first()
              or o)
    list_url = reverse("matters:list")
    out = [
        Target("办件 window queue (clerk)", clerk, lambda i: ("GET", list_url, None)),
        Target("办件 window queue ?overdue (clerk)", clerk,
               lambda i: ("GET", list_url, {"overdue": "on"})),
        Target("办件 search by number", clerk,
               lambda i: ("GET", list_url, {"q": o.number, "state": "all"})),
        Target("办件 search by phone", clerk,
               lambda i: ("GET", list_url, {"q": o.party.phone, "state": "all"})),
        Target("办件 record page", clerk, lambda i: (
            "GET", reverse("matters:detail", args=[record.pk]), None)),
        *_public(o),
        *_intake(clerk, o.party),
        *_joint(),
        *_appointments(clerk),
    ]
    if Application.objects.filter(state=State.TO_TOWN).exists():  # levels data
        out.append(Target("办件 town incoming-from-villages queue (clerk)", clerk,
                          lambda i: ("GET", reverse("matters:incoming"), None)))
    handler = _busiest_handler()
    if handler is not None:
        out.insert(2, Target("办件 department queue (handler)", handler,
                             lambda i: ("GET", reverse("matters:department"), None)))
    return out
