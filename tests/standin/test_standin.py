"""AB角: while A is away, B sees and acts on A's records, recorded 由 B 代 A 办理."""

import datetime

import pytest

from repairs import services as repairs
from repairs.permissions import can_start_diagnosis_repair
from servicecenter import absences, standin, workqueue
from servicecenter.models import Notification
from servicecenter.transitions import TransitionRefused
from tests.tickets.factories import ServiceTicketFactory
from tickets.service import services as tickets
from tickets.service.queries import visible_servicetickets

pytestmark = pytest.mark.django_db


def _remark(record):
    return record.history.order_by("-history_date", "-history_id").first(
        ).history_remark


def test_b_sees_a_queue_on_workbench_and_acts_with_daiban_in_history(
        away, order, engineer, other_engineer):
    items = workqueue.items_for(other_engineer)
    mine = [i for i in items if i.number == order.number]
    assert [i.reason for i in mine] == ["我的维修（代李工程师）"]
    done = repairs.start_diagnosis(order, other_engineer, expected_state="assigned")
    assert done.state == "diagnosing"
    assert _remark(done) == "由 周工程师 代 李工程师 办理"
    assert done.history.first().history_user == other_engineer


def test_b_cannot_act_once_a_is_back(away, order, engineer, other_engineer):
    assert can_start_diagnosis_repair(other_engineer, order)
    absences.end_absence(engineer, away)
    assert not can_start_diagnosis_repair(other_engineer, order)
    with pytest.raises(TransitionRefused, match="没有权限"):
        repairs.start_diagnosis(order, other_engineer, expected_state="assigned")
    assert not any(i.number == order.number
                   for i in workqueue.items_for(other_engineer))


def test_b_cannot_act_after_the_period_ended(b_for_a, order, engineer,
                                             other_engineer, today):
    absences.mark_absent(engineer, engineer, starts_on=today, ends_on=today,
                         reason="病假")
    assert can_start_diagnosis_repair(other_engineer, order)
    tomorrow = today + datetime.timedelta(days=1)
    assert standin.stand_ins([engineer.pk], on=tomorrow) == {}
    assert not standin.is_absent(engineer, on=tomorrow)


def test_a_not_yet_away_is_acted_for_by_nobody(b_for_a, order, engineer,
                                               other_engineer, today):
    absences.mark_absent(engineer, engineer,
                         starts_on=today + datetime.timedelta(days=3),
                         ends_on=today + datetime.timedelta(days=4), reason="年假")
    assert not can_start_diagnosis_repair(other_engineer, order)


def test_b_sees_a_tickets_only_while_a_is_away(away, clerk, engineer,
                                               other_engineer):
    ticket = ServiceTicketFactory()
    tickets.assign_ticket(ticket, clerk, engineer=engineer, expected_state="new")
    assert visible_servicetickets(other_engineer).filter(pk=ticket.pk).exists()
    done = tickets.start_ticket(ticket, other_engineer, expected_state="assigned")
    assert "由 周工程师 代 李工程师 办理" in _remark(done)
    absences.end_absence(engineer, away)
    assert not visible_servicetickets(other_engineer).filter(pk=ticket.pk).exists()


def test_own_right_steps_are_not_marked_as_daiban(away, order, clerk, engineer):
    """A clerk who is also someone's B acts in her own right on window steps."""
    absences.set_backup(engineer, engineer, clerk)
    done = repairs.reassign_repair(order, clerk, engineer=engineer.__class__.objects
                                   .get(username="other_engineer"),
                                   reason="原工程师请假", expected_state="assigned")
    assert _remark(done) == "原工程师请假"


def test_a_loop_in_the_stand_in_chain_is_refused(engineer, other_engineer, clerk):
    absences.set_backup(engineer, engineer, other_engineer)
    absences.set_backup(other_engineer, other_engineer, clerk)
    loop = "循环（王窗口→李工程师→周工程师→王窗口）"
    with pytest.raises(TransitionRefused, match=loop):
        absences.set_backup(clerk, clerk, engineer)
    with pytest.raises(TransitionRefused, match="不能指定本人"):
        absences.set_backup(clerk, clerk, clerk)
    assert standin.backup_of(clerk) is None


def test_a_loop_is_refused_in_admin_too(engineer, other_engineer):
    from django.core.exceptions import ValidationError

    from servicecenter.models import StaffProfile

    absences.set_backup(engineer, engineer, other_engineer)
    with pytest.raises(ValidationError, match="循环"):
        StaffProfile(user=other_engineer, backup=engineer).full_clean()


def test_only_the_person_their_head_or_a_manager_marks_absence(
        engineer, other_engineer, handler, manager, department, today):
    kwargs = {"starts_on": today, "ends_on": today, "reason": "事假"}
    with pytest.raises(TransitionRefused, match="不能为该同事登记请假"):
        absences.mark_absent(other_engineer, engineer, **kwargs)
    department.members.add(engineer)
    department.head = handler
    department.save()
    assert absences.mark_absent(handler, engineer, **kwargs).created_by == handler
    with pytest.raises(TransitionRefused, match="已有请假登记"):
        absences.mark_absent(manager, engineer, **kwargs)


def test_a_b_who_is_away_too_passes_to_nobody_and_the_head_is_told(
        b_for_a, engineer, other_engineer, handler, department, today,
        django_capture_on_commit_callbacks):
    department.members.add(engineer)
    department.head = handler
    department.save()
    with django_capture_on_commit_callbacks(execute=True):
        absences.mark_absent(other_engineer, other_engineer, starts_on=today,
                             ends_on=today, reason="病假")
        absences.mark_absent(engineer, engineer, starts_on=today, ends_on=today,
                             reason="培训")
    assert standin.represented_ids(other_engineer) == frozenset()
    told = Notification.objects.filter(recipient=handler)
    assert [n.title for n in told] == [
        f"李工程师请假（{today.month}月{today.day}日至{today.month}月{today.day}日）"
        "期间无人代办"]
    assert "周工程师也不在岗" in told[0].body


def test_stand_in_period_starting_tells_b_once(
        b_for_a, engineer, other_engineer, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        absences.mark_absent(engineer, engineer, starts_on=today, ends_on=today,
                             reason="培训")
    absences.notify_started()  # the sweep, again: nothing new
    notices = Notification.objects.filter(kind=Notification.Kind.HANDOFF)
    assert [(n.recipient, n.title[:7]) for n in notices] == [
        (other_engineer, "李工程师请假（")]


def test_a_later_period_tells_b_when_it_starts(b_for_a, engineer, other_engineer,
                                               today):
    later = today + datetime.timedelta(days=2)
    absences.mark_absent(engineer, engineer, starts_on=later, ends_on=later,
                         reason="年假")
    absences.notify_started()
    assert not Notification.objects.exists()
    absences.notify_started(now=_noon(later))
    assert Notification.objects.get().recipient == other_engineer


def _noon(day):
    import datetime as dt

    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())


def test_notices_for_a_go_to_b_and_a_sees_them_on_return(
        away, order, engineer, other_engineer, clerk,
        django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    ticket = ServiceTicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        tickets.assign_ticket(ticket, clerk, engineer=engineer, expected_state="new")
    rows = {n.recipient: n.title for n in Notification.objects.all()}
    assert rows == {engineer: f"服务单{ticket.number}已派给您：{ticket.problem[:40]}",
                    other_engineer: f"【代李工程师】服务单{ticket.number}已派给您："
                                    f"{ticket.problem[:40]}"}
    absences.end_absence(engineer, away)
    assert Notification.objects.filter(recipient=engineer,
                                       read_at__isnull=True).count() == 1


def test_standin_page_marks_absence_and_names_the_b(client, engineer, other_engineer,
                                                    today):
    client.force_login(engineer)
    page = client.post("/standin/", {"action": "backup", "backup": other_engineer.pk},
                       follow=True).content.decode()
    assert "已将B角设为周工程师" in page
    page = client.post("/standin/", {"action": "absent", "starts_on": today,
                                      "ends_on": today - datetime.timedelta(days=1),
                                      "reason": "x"}).content.decode()
    assert "截止日期不能早于起始日期" in page
    page = client.post("/standin/", {"action": "absent", "starts_on": today,
                                      "ends_on": today, "reason": "培训"},
                       follow=True).content.decode()
    assert "已登记请假" in page and "销假" in page
    client.force_login(other_engineer)
    assert client.get(f"/standin/?user={engineer.pk}").status_code == 403


def test_a_b_going_away_later_leaves_a_with_nobody_and_the_head_is_told(
        away, engineer, other_engineer, handler, department, today):
    department.members.add(engineer)
    department.head = handler
    department.save()
    absences.notify_started()
    absences.mark_absent(other_engineer, other_engineer, starts_on=today,
                         ends_on=today, reason="病假")
    absences.notify_started()
    assert [n.title for n in Notification.objects.filter(recipient=handler)] == [
        "李工程师请假期间无人代办"]


def test_a_step_b_took_is_printed_on_the_record_pdfs(away, order, engineer,
                                                     other_engineer):
    from repairs import pdf
    from servicecenter.standin import on_behalf_steps
    from tests.pdfcheck import pdf_text

    done = repairs.start_diagnosis(order, other_engineer, expected_state="assigned")
    [step] = on_behalf_steps(done)
    assert step.endswith("：由 周工程师 代 李工程师 办理")
    text = pdf_text(pdf.process_record_pdf(done))
    assert "AB角代办" in text and "周工程师 代 李工程师" in text.replace("\n", "")


def test_a_record_no_stand_in_touched_prints_no_daiban(order):
    from repairs import pdf
    from tests.pdfcheck import pdf_text

    assert "AB角代办" not in pdf_text(pdf.process_record_pdf(order))
