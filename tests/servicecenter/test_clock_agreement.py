"""Every state of every process, through every consumer of time (SPEC 1.11).

One record per (process, state), every deadline field a day past, every person
named. Then the list badge, the admin's 超期 filter, the sweep's chase, 工作台, the
dashboard's backlog and the accountability report must each say what the model's
``clock`` says: open or not, overdue or not.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from matters.models import Application, ApplicationExtension
from petitions.models import Extension, Petition
from petitions.views.lists import _deadline as petition_badge
from repairs.models import ExternalDispatch, RepairOrder
from repairs.views.window import order_deadline
from servicecenter import registry, sweep, workqueue
from servicecenter.admin_scale import OverdueFilter
from servicecenter.models import Notification
from servicecenter.reports import accountability, dashboard
from servicecenter.reports.processes import BACKLOG_PROCESSES, PROCESSES
from tests.matters.factories import make_application
from tests.repairs.factories import RepairOrderFactory
from tests.reports import factories as rf
from tests.tickets.factories import DifficultCaseFactory, ServiceTicketFactory
from tickets.complaints.views_complaint import _due as complaint_badge
from tickets.models import Complaint, DifficultCase, Revisit, ServiceTicket
from tickets.service.views import _deadline as ticket_badge

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=2)
BADGES = {  # the 期限 cell of each window list
    Petition: petition_badge, ServiceTicket: ticket_badge, RepairOrder: order_deadline,
    Complaint: lambda c: complaint_badge(c, NOW),
    Revisit: lambda r: "overdue" if r.is_overdue else "",
}


def _petition(state, p):
    obj = rf.petition(state, handler=p["handler"], department=p["department"],
                      received=PAST, due=PAST)
    Petition.objects.filter(pk=obj.pk).update(first_receiver=p["clerk"])
    return Petition.objects.get(pk=obj.pk)


def _ticket(state, p):
    return ServiceTicketFactory(state=state, engineer=p["engineer"],
                                created_by=p["clerk"], due_at=PAST, confirm_due_at=PAST,
                                created_at=PAST)


def _repair(state, p):
    return RepairOrderFactory(state=state, engineer=p["engineer"],
                              received_by=p["clerk"], received_at=PAST, due_at=PAST)


def _complaint(state, p):
    obj = rf.complaint(state, responsible=p["handler"], department=p["department"],
                       received=PAST, due=PAST)
    Complaint.objects.filter(pk=obj.pk).update(registered_by=p["clerk"])
    return Complaint.objects.get(pk=obj.pk)


def _revisit(state, p):
    obj = rf.revisit(state=state, engineer=p["engineer"], completed=PAST)
    obj.window_start = obj.window_end = PAST.date()
    obj.save()
    return obj


def _case(state, p):
    return DifficultCaseFactory(state=state, created_at=PAST, proposed_by=p["clerk"],
                                handler=p["handler"], escalated_to=p["manager"])


def _application(state, p):
    p["department"].head = p["leader"]  # the approver of the 审核 state
    p["department"].save()
    return make_application(
        state, first_receiver=p["clerk"], handler=p["handler"],
        department=p["department"], received_at=PAST, notice_due_at=PAST,
        promised_due_at=PAST, inform_due_at=PAST, waiver_due_at=PAST, due_at=PAST,
        accepted_at=PAST)


BUILDERS = {Petition: _petition, ServiceTicket: _ticket, RepairOrder: _repair,
            Complaint: _complaint, Revisit: _revisit, DifficultCase: _case,
            Application: _application}
# open states, but no time limit runs
UNTIMED = (Extension, ExternalDispatch, ApplicationExtension)


def states(model):
    return [v for v, _ in model._meta.get_field(model.clock.state_field).choices]


@pytest.fixture
def world(clerk, engineer, handler, leader, manager, department):
    people = {"clerk": clerk, "engineer": engineer, "handler": handler,
              "leader": leader, "manager": manager, "department": department}
    records = []
    for model, build in BUILDERS.items():
        for state in states(model):
            if model is Complaint and state == Complaint.State.NEW:
                continue  # only ever in memory, before ``register``
            records.append(build(state, people))
    return people, records


def test_every_process_model_declares_a_registered_clock():
    assert set(registry.clocks) == set(BUILDERS) | set(UNTIMED)
    for model in UNTIMED:
        assert model.clock.timed == ()
        assert not [s for s in registry.deadline_specs if s.model is model]


def test_clock_agreement_list_badge_admin_filter_and_sweep(world):
    people, records = world
    sweep.run(NOW, full=True)
    for obj in records:
        overdue = type(obj).clock.is_overdue(obj, NOW)
        where = f"{type(obj).__name__} {obj.state}"
        if type(obj) in BADGES:
            assert ("overdue" in BADGES[type(obj)](obj)) == overdue, f"badge: {where}"
        model_admin = admin.site._registry[type(obj)]
        if type(obj).clock.timed:
            assert OverdueFilter in model_admin.list_filter, where
            f = OverdueFilter(None, {"overdue": ["yes"]}, type(obj), model_admin)
            shown = f.queryset(None, type(obj).objects.all()).filter(pk=obj.pk).exists()
            assert shown == overdue, f"admin filter: {where}"
        chased = Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
            kind=Notification.Kind.CHASE).exists()
        assert chased == overdue, f"sweep chase: {where}"
        flag = type(obj).clock.overdue_field
        if flag:
            obj.refresh_from_db()
            assert getattr(obj, flag) == overdue, f"overdue flag: {where}"


def test_clock_agreement_workbench(world, personas):
    people, records = world
    lists = {u.pk: workqueue._items_for(u) for u in personas.values()}
    for obj in records:
        clock, where = type(obj).clock, f"{type(obj).__name__} {obj.state}"
        shown = [i for items in lists.values() for i in items if i.number == obj.number]
        for item in shown:
            assert item.overdue == clock.is_overdue(obj, NOW), f"工作台 flag: {where}"
        if clock.is_overdue(obj, NOW):
            assert shown, f"overdue but on nobody's 工作台: {where}"
            answer = {u.pk for u in clock.responsible(obj)}
            assert answer & {pk for pk, items in lists.items()
                             if any(i.number == obj.number for i in items)}, (
                f"not on the 工作台 of who answers for it: {where}")


def test_clock_agreement_dashboard_backlog_and_accountability(world):
    people, records = world
    data = dashboard.build_dashboard(NOW)
    backlogs = {b.process.model: b for b in data["backlogs"]}
    for process in BACKLOG_PROCESSES:
        mine = [o for o in records if type(o) is process.model]
        rows = {r.state: r for r in backlogs[process.model].rows}
        for obj in mine:
            clock, where = process.clock, f"{process.key} {obj.state}"
            assert (obj.state in rows) == clock.is_open(obj), f"backlog open: {where}"
            if obj.state in rows and process.timed:
                assert rows[obj.state].overdue == int(clock.is_overdue(obj, NOW)), (
                    f"backlog overdue: {where}")
    report = accountability.build_report(timezone.localdate(NOW).replace(day=1), NOW)
    overdue = sum(type(o).clock.is_overdue(o, NOW) for o in records
                  if type(o) in {p.model for p in PROCESSES})
    assert report.total.open_overdue == overdue
    cells = dashboard.overdue_cells(NOW)
    assert sum(sum(c.values()) for c in cells.values()) == overdue
