"""Every hand-off tells exactly the people who now have to act, once, after commit."""

import pytest

from petitions import services as petitions
from repairs import services as repairs
from repairs.forms import ReassignForm as RepairReassignForm
from servicecenter import absences
from servicecenter.models import Notification
from servicecenter.transitions import ConcurrentChange, TransitionRefused
from tests.complaints.factories import make_complaint
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import DifficultCaseFactory, ServiceTicketFactory
from tickets.complaints import services as complaints
from tickets.service import cases
from tickets.service import services as tickets

pytestmark = pytest.mark.django_db
HANDOFF = Notification.Kind.HANDOFF


def told():
    return sorted((n.recipient.username, n.title) for n in
                  Notification.objects.filter(kind=HANDOFF).select_related(
                      "recipient"))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)
    return run


def test_repair_assigned_tells_the_engineer(run, clerk, engineer):
    order = RepairOrderFactory(received_by=clerk)
    run(repairs.assign_repair, order, clerk, engineer=engineer,
        expected_state="received")
    assert told() == [("engineer", f"维修单{order.number}（{order.device_label}）"
                                   "已派给您")]


def test_repair_reassigned_with_reason_tells_the_new_engineer(
        run, order, clerk, other_engineer):
    Notification.objects.all().delete()
    done = run(repairs.reassign_repair, order, clerk, engineer=other_engineer,
               reason="原工程师外出", expected_state="assigned")
    assert done.engineer == other_engineer and done.state == "assigned"
    assert done.history.first().history_remark == "原工程师外出"
    assert told() == [("other_engineer",
                       f"维修单{order.number}（{order.device_label}）已改派给您")]
    with pytest.raises(TransitionRefused, match="改派原因"):
        repairs.reassign_repair(done, clerk, engineer=order.engineer, reason=" ")


def test_ticket_assigned_and_reassigned_tell_each_engineer(run, clerk, engineer,
                                                           other_engineer):
    ticket = ServiceTicketFactory()
    run(tickets.assign_ticket, ticket, clerk, engineer=engineer, expected_state="new")
    done = run(tickets.reassign_ticket, ticket, clerk, engineer=other_engineer,
               reason="客户要求换人", expected_state="assigned")
    assert done.history.first().history_remark == "客户要求换人"
    problem = ticket.problem[:40]
    assert told() == [("engineer", f"服务单{ticket.number}已派给您：{problem}"),
                      ("other_engineer", f"服务单{ticket.number}已改派给您：{problem}")]


def test_concurrent_retry_creates_one_notice(run, clerk, engineer, other_engineer):
    ticket = ServiceTicketFactory()
    run(tickets.assign_ticket, ticket, clerk, engineer=engineer, expected_state="new")
    Notification.objects.all().delete()
    with pytest.raises(ConcurrentChange):  # the form was older than the record
        run(tickets.reassign_ticket, ticket, clerk, engineer=other_engineer,
            reason="换人", expected_state="new")
    assert told() == []
    done = run(tickets.reassign_ticket, ticket, clerk, engineer=other_engineer,
               reason="换人", expected_state="assigned")
    from servicecenter.handoff import handoff_notice

    again = handoff_notice("reassign", lambda t: [t.engineer], lambda t: "x",
                           url_name="tickets:detail")
    assert again(done) == []  # the same hand-off told twice is told once
    assert len(told()) == 1 and told()[0][0] == "other_engineer"


def test_petition_registered_waits_for_the_leaders(run, flow, leader):
    p = run(flow.register)
    assert told() == [("leader", f"信访{p.number}待您审批：{p.subject}")]


def test_petition_assigned_tells_department_head_and_handler(
        run, flow, leader, handler, other_handler, department):
    department.head = other_handler
    department.save()
    department.members.add(other_handler)
    p = flow.register()
    Notification.objects.all().delete()
    run(petitions.accept_petition, p, leader, instruction="请办理",
        department=department, handler=handler)
    title = f"信访{p.number}已交{department}办理：{p.subject}"
    assert told() == [("handler", title), ("other_handler", title)]


def test_confidential_petition_is_told_only_to_those_who_may_view_it(
        run, flow, leader, handler, other_handler, department):
    from petitions.models.choices import Category

    department.head = other_handler  # a head who may not see a 揭发控告
    department.save()
    department.members.add(other_handler)
    p = flow.register(category=Category.ACCUSATION)
    Notification.objects.all().delete()
    run(petitions.accept_petition, p, leader, instruction="请核查",
        department=department, handler=handler)
    assert [r for r, _ in told()] == ["handler"]


def test_extension_request_waits_for_the_leaders(run, flow, leader):
    p = flow.petition("in_progress")
    Notification.objects.all().delete()
    run(petitions.request_extension, p, flow.handler, days=10, reason="需现场勘查")
    assert told() == [("leader", f"信访{p.number}的延期申请待您审批")]


def test_petition_handler_reassigned_within_department_by_leader(
        run, flow, leader, handler, department, personas):
    from tests.conftest import _persona

    second = _persona("second_handler", "handler", department, first_name="孙经办")
    p = flow.petition("in_progress")
    Notification.objects.all().delete()
    done = run(petitions.reassign_petition, p, leader, handler=second,
               reason="原承办人借调", expected_state="in_progress")
    assert done.handler == second and done.state == "in_progress"
    assert done.history.first().history_remark == "原承办人借调"
    assert told() == [("second_handler", f"信访{p.number}已改派给您承办：{p.subject}")]
    with pytest.raises(TransitionRefused, match="承办科室的成员"):
        petitions.reassign_petition(done, leader, handler=personas["other_handler"],
                                    reason="x")
    with pytest.raises(TransitionRefused, match="没有权限"):
        petitions.reassign_petition(done, handler, handler=handler, reason="x")


def test_difficult_case_escalated_tells_the_person_asked(run, clerk, handler,
                                                         department):
    from tests.conftest import _persona

    head = _persona("head", "handler", department, first_name="孙科长")
    department.head = head
    department.save()
    case = DifficultCaseFactory(state="in_progress", handler=handler,
                                proposed_by=clerk)
    run(cases.escalate_case, case, handler, to_user=head, request="请指示",
        expected_state="in_progress")
    assert told() == [("head", f"疑难案件{case.number}向您请示，待您决定")]


def test_difficult_case_assigned_tells_its_handler(run, manager, engineer, clerk):
    case = DifficultCaseFactory(state="opened", proposed_by=clerk)
    run(cases.assign_case, case, manager, handler=engineer, expected_state="opened")
    assert told() == [("engineer", f"疑难案件{case.number}由您负责：{case.title}")]


def test_escalated_ticket_waits_for_heads_and_managers(run, clerk, engineer, manager):
    ticket = ServiceTicketFactory()
    tickets.assign_ticket(ticket, clerk, engineer=engineer, expected_state="new")
    tickets.start_ticket(ticket, engineer, expected_state="assigned")
    _, case = run(tickets.escalate_ticket, ticket, engineer, reason="多次未解决",
                  expected_state="in_progress")
    assert told() == [("manager", f"疑难案件{case.number}待您确认是否立案")]


def test_complaint_made_your_responsibility(run, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"], responsible=None)
    Notification.objects.all().delete()
    run(complaints.accept_complaint, c, personas["manager"], truthfulness="true",
        reasonableness="reasonable", responsible=personas["engineer"],
        expected_state="registered")
    assert told() == [("engineer", f"投诉{c.number}由您负责处理：{c.subject}")]


def test_pickers_show_open_count_and_leave(order, engineer, other_engineer, today):
    absences.mark_absent(other_engineer, other_engineer, starts_on=today,
                         ends_on=today, reason="年假")
    form = RepairReassignForm(record=order)
    labels = {label for _, label in form.fields["engineer"].choices}
    assert "李工程师（在办 1 件）" in labels
    assert f"周工程师（请假至 {today.month}月{today.day}日）" in labels


def test_reassign_picker_page_and_admin_action(client, clerk, manager, order,
                                               other_engineer):
    client.force_login(clerk)
    page = client.get(f"/repairs/{order.pk}/reassign/").content.decode()
    assert "改派原因" in page and "周工程师（在办 0 件）" in page
    client.force_login(manager)
    response = client.post("/admin/repairs/repairorder/", {
        "action": "reassign_action", "_selected_action": [order.pk], "apply": "1",
        "engineer": other_engineer.pk, "reason": "调整工作量"}, follow=True)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.engineer == other_engineer
    assert order.history.first().history_remark == "调整工作量"
