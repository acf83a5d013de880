"""Registry hooks for service tickets (queue counts, party page, demo data)."""

from django.urls import reverse

from servicecenter import registry
from servicecenter.roles import CLERK, ENGINEER, MANAGER, has_role


@registry.register_queue_counts
def service_queue_counts(user) -> list[dict]:
    from .models import ServiceTicket
    from .service.queries import my_tasks

    S = ServiceTicket.State
    base = reverse("tickets:list")
    counts = []  # querysets: 工作台 counts them with the other apps' in one query
    if has_role(user, CLERK, MANAGER):
        counts += [
            {"label": "服务单 待派工", "url": f"{base}?state={S.NEW}", "warn": False,
             "count": ServiceTicket.objects.filter(state=S.NEW)},
            {"label": "服务单 已反馈待完结", "url": f"{base}?state={S.RESOLVED}",
             "warn": False,
             "count": ServiceTicket.objects.filter(state=S.RESOLVED)},
            {"label": "服务单 超期", "url": f"{base}?overdue=on", "warn": True,
             "count": [ServiceTicket.objects.filter(arm)
                       for arm in ServiceTicket.clock.overdue_arms()]},
        ]
    if has_role(user, ENGINEER):
        counts.append({"label": "我的任务", "url": reverse("tickets:my"), "warn": False,
                       "count": my_tasks(user)})
    return counts


@registry.register_party_section
def service_party_section(party, user):
    from .models import ServiceTicket
    from .service.permissions import can_view_queue_ticket

    if not can_view_queue_ticket(user):
        return None
    rows = [
        {"number": t.number, "url": reverse("tickets:detail", args=[t.pk]),
         "summary": f"{t.get_kind_display()}：{t.problem[:40]}",
         "state": t.get_state_display(), "date": t.created_at}
        for t in ServiceTicket.objects.filter(party=party).order_by("-id")[:50]
    ]
    return {"title": "技术服务任务单", "rows": rows} if rows else None


@registry.register_demo_seeder
def service_demo(stdout):
    from .service.demo import seed

    seed(stdout)


def _deadline_specs():
    from .models import DifficultCase, ServiceTicket

    registry.register_clock(ServiceTicket, "服务单", "tickets:detail")
    registry.register_clock(DifficultCase, "疑难案件", "tickets:case_detail")


@registry.register_sweeper
def maintenance_visits(now):
    """Periodic maintenance: the onsite ticket ahead of each due plan."""
    from .service.maintenance import sweep

    return {"maintenance_tickets": len(sweep())}


_deadline_specs()
from .service.workitems import ticket_work_items  # noqa: E402

registry.register_work_items(ticket_work_items)



def _visibility():
    from .models import DifficultCase, ServiceTicket
    from .service.queries import visible_difficultcases, visible_servicetickets

    registry.register_visibility(ServiceTicket, visible_servicetickets)
    registry.register_visibility(DifficultCase, visible_difficultcases)
    registry.register_handover(ServiceTicket, holder="created_by", label="服务单",
                               url_name="tickets:detail")


_visibility()


def _followup_source():
    from .models import ServiceTicket
    from .service.services import schedule_ticket_followup

    registry.register_followup_source(ServiceTicket, schedule_ticket_followup)


_followup_source()

# stored files (photos, signatures, issued forms) follow their record's visibility rule
from servicecenter.files import StoredFile  # noqa: E402


def _signature_file(pk):
    """A tablet signature, seen with the ticket it was drawn for (a maintenance
    record's signature with that record's ticket)."""
    from .models import Signature

    sig = Signature.objects.select_related("content_type").filter(pk=pk).first()
    if sig is None:
        return None
    record = getattr(sig.record, "ticket", sig.record)
    return StoredFile(sig.image, record, f"签名-{sig.signer_name}.png", "image/png")


registry.register_file_source("signature", _signature_file)


def _deadline_recompute():
    from .recompute import recompute_tickets

    registry.register_deadline_recompute(recompute_tickets)


_deadline_recompute()
