"""Registry hooks for complaints and follow-up calls: 工作台 counts, the party page,
demo data. Imported by TicketsConfig.ready()."""

from django.urls import reverse
from django.utils import timezone

from servicecenter import registry
from servicecenter.roles import CLERK, MANAGER, has_role

LIMIT = 1000  # counts are capped so 工作台 stays fast on a large table


def _count(qs):
    """Counted by 工作台 with the other apps' counts (servicecenter.views); any
    ``LIMIT`` rows count alike, so unordered: the index walk stops there."""
    return qs.order_by()[:LIMIT]


@registry.register_queue_counts
def complaint_queue_counts(user) -> list[dict]:
    from .complaints.views_revisit import call_list_filter
    from .followups import time_band
    from .models import Complaint, Revisit

    rows = []
    revisits = reverse("tickets:revisit_list")
    complaints = reverse("tickets:complaint_list")
    if has_role(user, CLERK):
        today, band = timezone.localdate(), time_band(timezone.now())
        due = (call_list_filter("due", today, band)
               | call_list_filter("retry", today, band))
        rows += [
            {"label": "今日回访", "count": _count(Revisit.objects.filter(due)),
             "url": revisits, "warn": False},
            {"label": "超期回访", "url": f"{revisits}?list=overdue", "warn": True,
             "count": _count(Revisit.objects.filter(
                 call_list_filter("overdue", today, band)))},
            {"label": "投诉待上报/归档", "warn": False,
             "url": f"{complaints}?queue={Complaint.State.HANDLED}",
             "count": _count(Complaint.objects.filter(
                 state__in=[Complaint.State.HANDLED, Complaint.State.REPORTED]))},
        ]
    if has_role(user, MANAGER):
        rows.append({"label": "投诉待受理",
                     "url": f"{complaints}?queue={Complaint.State.REGISTERED}",
                     "warn": True, "count": _count(Complaint.objects.filter(
                         state=Complaint.State.REGISTERED))})
    mine = Complaint.objects.filter(responsible=user, state=Complaint.State.ACCEPTED) \
        if user.is_authenticated else Complaint.objects.none()
    if mine.exists():
        rows.append({"label": "我负责处理的投诉", "count": _count(mine),
                     "url": f"{complaints}?queue=mine", "warn": True})
    return rows


@registry.register_party_section
def complaint_party_section(party, user):
    from .complaints.permissions import can_view_revisit
    from .models import Complaint, Revisit

    if not has_role(user, CLERK, MANAGER) and not can_view_revisit(user):
        return None
    rows = [{"number": c.number, "url": c.get_absolute_url(),
             "summary": f"投诉（{c.get_source_display()}）：{c.subject}",
             "state": c.get_state_display(), "date": c.received_at}
            for c in Complaint.objects.filter(party=party).order_by("-id")[:50]]
    rows += [{"number": r.number, "url": r.get_absolute_url(),
              "summary": r.get_kind_display() + (f"：{r.get_rating_display()}"
                                                 if r.rating else ""),
              "state": r.get_state_display(), "date": r.completed_at or r.window_start}
             for r in Revisit.objects.filter(party=party).order_by("-id")[:50]]
    if not rows:
        return None
    return {"title": "投诉与回访", "rows": rows}


@registry.register_demo_seeder
def seed_complaint_demo(stdout):
    from .complaints.demo import seed

    seed(stdout)




def _deadline_specs():
    from .models import Complaint, Revisit

    registry.register_clock(Complaint, "投诉", "tickets:complaint_detail")
    registry.register_clock(Revisit, "回访", "tickets:revisit_call")


@registry.register_sweeper
def missed_followups(now):
    """Safety net: a ticket or repair closed in the last 15 days without its follow-up
    call (its after-commit step failed) gets one now. Bounded per run."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef

    from .models import Revisit

    since = now - datetime.timedelta(days=15)
    made = 0
    for model, schedule in registry.followup_sources:
        ct = ContentType.objects.get_for_model(model)
        has = Revisit.objects.filter(record_type=ct, record_id=OuterRef("pk"))
        # the ids alone, unsorted: usually none are missing, and sorting whole rows
        # of two weeks' closures made PostgreSQL start a parallel worker (4 ms)
        missing = list(model.objects.filter(state__in=model.clock.done,
                                               closed_at__gte=since)
                       .filter(~Exists(has)).order_by()
                       .values_list("pk", flat=True)[:200])
        if not missing:
            continue
        for record in model.objects.filter(pk__in=missing).select_related("engineer",
                                                                          "party"):
            schedule(record)
            made += 1
    return {"followups_scheduled": made}


_deadline_specs()
from .complaints.workitems import complaint_work_items  # noqa: E402

registry.register_work_items(complaint_work_items)



def _visibility():
    from .complaints.permissions import visible_complaints, visible_revisits
    from .models import Complaint, Revisit

    registry.register_visibility(Complaint, visible_complaints)
    registry.register_visibility(Revisit, visible_revisits)
    registry.register_handover(Complaint, holder="registered_by", label="投诉",
                               url_name="tickets:complaint_detail")


_visibility()


def _followups():
    """Follow-up calls are kept here: the entry point the other processes call when
    a record closes, and the ratings the reports count."""
    from .complaints.services import open_rectification
    from .followups import open_bad_calls, rated_calls, schedule_record_followup
    from .models import Revisit

    registry.register_followup_scheduler(schedule_record_followup)
    registry.register_rectification_opener(open_rectification)
    registry.register_ratings(registry.RatingSource(
        rated=rated_calls, open_bad=open_bad_calls, person="engineer_id",
        department="department_id", rated_at="completed_at",
        bad_values=Revisit.BAD_RATINGS))


_followups()


def _manager_permissions():
    import importlib

    from .revisit_script import MANAGER_PERMISSIONS

    migration = importlib.import_module("tickets.migrations.0004_manager_permissions")
    registry.register_manager_permissions("tickets", migration.CODENAMES)
    registry.register_manager_permissions("tickets", MANAGER_PERMISSIONS)


_manager_permissions()

