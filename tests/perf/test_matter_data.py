"""generate_data makes 办件 in every state, a third of the records, for the seeded
catalogue, with the deadlines the clock declaration and the transitions would have
given them."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from loadgen import matter_data, plan
from matters.models import (
    Application,
    ApplicationExtension,
    ServiceItem,
    SpecialStage,
    State,
)
from matters.models.flow import PROCESS
from servicecenter.deadlines import compute, deadline_for
from servicecenter.models import TimeLimit
from servicecenter.reports.dashboard import overdue_cells
from servicecenter.reports.processes import LATE, MATTER, ON_TIME, annotate_finish

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RECORDS = 1500
S = State
CLOCK = Application.clock


def test_generated_matters():
    """One generation (a few seconds), three groups of checks."""
    call_command("generate_data", records=RECORDS)
    check_share_and_states()
    check_deadlines()
    check_materials_stages_and_extensions()
    check_reports_measure_them()


def check_share_and_states():
    matters = [w for w, fn in plan.DATA_GENERATORS if fn is matter_data.generate]
    assert 3 * sum(matters) == sum(w for w, _ in plan.DATA_GENERATORS)
    assert Application.objects.count() == RECORDS // 3
    states = set(Application.objects.values_list("state", flat=True))
    # the levels' states (村 → 镇 → 县) come from ``generate_data --only levels``
    assert states == set(S.values) - {S.VILLAGE, S.TO_TOWN, S.COUNTY}
    items = set(ServiceItem.objects.filter(is_active=True).values_list("pk", flat=True))
    assert len(items) >= 6  # the seeded catalogue
    assert set(Application.objects.values_list("item", flat=True)) == items
    numbers = list(Application.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) and all(
        n.startswith("BJ") for n in numbers)
    assert Application.history.filter(history_type="+").count() == len(numbers)


def _running_due(app):
    stage = CLOCK.stage.get(app.state)
    return {"notice": app.notice_due_at, "handle": app.promised_due_at,
            "inform": app.inform_due_at, None: None}[stage]


def check_deadlines():
    now = timezone.now()
    notice = TimeLimit.objects.get(process=PROCESS, stage="notice")
    apps = Application.objects.select_related("version", "party", "item")
    for app in apps:
        assert app.version.item_id == app.item_id
        assert app.phone_tail == app.party.phone[-4:]
        assert app.notice_due_at == compute(app.received_at, notice.amount,
                                            notice.unit).due
        if app.accepted_at:
            days = 0 if app.version.same_day else app.version.promised_limit_days
            assert app.promised_due_at == compute(
                app.accepted_at, days + app.extension_days + app.paused_days,
                TimeLimit.Unit.WORKING_DAYS).due
            assert app.accepted_at >= app.received_at
        if app.decided_at:
            assert app.inform_due_at == deadline_for(PROCESS, "inform",
                                                     app.decided_at).due
        if app.state == S.SPECIAL:
            assert app.due_at == app.promised_due_at and not app.marked_overdue
        else:
            assert app.due_at == _running_due(app), app.state
        assert app.marked_overdue == CLOCK.is_overdue(app, now)
        for moment in (app.received_at, app.accepted_at, app.decided_at,
                       app.informed_at, app.delivered_at):
            assert moment is None or moment <= now
    assert Application.objects.filter(marked_overdue=True).exists()
    assert Application.objects.filter(CLOCK.open_q(), marked_overdue=False).exists()


def check_materials_stages_and_extensions():
    for app in Application.objects.filter(state=S.CORRECTION):
        assert app.owed_materials().exists()
    accepted = Application.objects.exclude(accepted_at=None).prefetch_related(
        "materials__material")
    assert accepted.filter(materials__waived=True).exists()
    for app in accepted:
        assert app.materials.exists()
        assert not app.missing_materials().filter(waived=False).exists()
    open_stages = SpecialStage.objects.filter(ended_at=None)
    assert set(open_stages.values_list("application__state", flat=True)) == {
        S.SPECIAL}
    assert not Application.objects.filter(state=S.SPECIAL).exclude(
        special_stages__ended_at=None).exists()
    assert SpecialStage.objects.exclude(ended_at=None).exists()
    assert ApplicationExtension.objects.exists()
    for ext in ApplicationExtension.objects.select_related("application__version"):
        app = ext.application
        assert ext.days <= app.version.extension_days and ext.requested_by_id == (
            app.handler_id)
        if ext.state == ApplicationExtension.State.APPROVED:
            assert app.extension_days == ext.days
        else:
            assert app.extension_days == 0 and CLOCK.is_open(app)
    per_app = Application.objects.annotate(n=Count("extension")).filter(n__gt=1)
    assert not per_app.exists()


def check_reports_measure_them():
    """Every decided one is measured against its promise, and its history holds the
    promise it had in review; some were late; the overdue open ones count against
    their departments on the dashboard."""
    decided = Application.objects.filter(MATTER.handled)
    reviewed = decided.exclude(handler=None)
    for app in reviewed[:200]:
        row = app.history.filter(state=S.REVIEW).get()
        assert row.due_at == app.promised_due_at and row.history_date < app.decided_at
    measured = annotate_finish(MATTER, decided)
    assert measured.filter(_due__isnull=False).count() == decided.count() > 0
    for app in measured.filter(_due__isnull=False)[:200]:
        assert app._due == app.promised_due_at
    assert measured.filter(LATE).exists() and measured.filter(ON_TIME).exists()
    overdue = Application.objects.filter(CLOCK.overdue_q())
    assert overdue.exists()
    by_department = {}
    for app in overdue:
        by_department[app.department_id] = by_department.get(app.department_id, 0) + 1
    cells = overdue_cells(timezone.now())
    counted = {}
    for (_, dept), counts in cells.items():
        counted[dept] = counted.get(dept, 0) + counts.get(MATTER.key, 0)
    assert {d: n for d, n in counted.items() if n} == by_department
