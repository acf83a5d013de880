"""The service-ticket paths end to end through the services (the code every page,
tablet view, admin action and command uses)."""

import datetime

import pytest
from django.utils import timezone

from servicecenter import workdays
from servicecenter.transitions import ConcurrentChange, TransitionRefused
from tickets.models import ContactLog, DifficultCase, ServiceTicket, Signature
from tickets.service import cases, services

pytestmark = pytest.mark.django_db

S = ServiceTicket.State


def _new(clerk, party, **extra):
    fields = {"contact_name": "马老师", "contact_phone": "13900000001",
              "kind": ServiceTicket.Kind.REMOTE, "channel": ServiceTicket.Channel.PHONE,
              "problem": "教务系统无法登录"} | extra
    return services.create_ticket(clerk, party=party, **fields)


def _in_progress(clerk, engineer, party, **extra):
    ticket = _new(clerk, party, **extra)
    appointment = timezone.now() + datetime.timedelta(hours=3)
    ticket = services.assign_ticket(ticket, clerk, engineer=engineer,
                                    appointment_at=appointment)
    return services.start_ticket(ticket, engineer)


def test_create_numbers_the_ticket_and_starts_the_assign_clock(clerk, party):
    ticket = _new(clerk, party)
    assert ticket.number.startswith(f"FW{timezone.localdate().year}-")
    assert ticket.state == S.NEW and ticket.created_by == clerk
    assert ServiceTicket.clock.stage_of(ticket) == "assign"
    expected = workdays.add_working_hours(ticket.created_at, 2)
    assert ticket.due_at == expected


def test_create_refused_for_engineer(engineer, party):
    with pytest.raises(TransitionRefused):
        _new(engineer, party)


def test_remote_path_logs_every_contact_and_closes(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party)
    assert ServiceTicket.clock.stage_of(ticket) == "resolve_remote"
    services.log_contact(ticket, engineer, at=timezone.now(), channel="phone",
                         summary="指导客户重置密码")
    services.log_contact(ticket, engineer, at=timezone.now(), channel="email",
                         summary="发送操作说明")
    ticket = services.resolve_ticket(ticket, engineer, result="已指导客户恢复登录")
    assert ticket.state == S.RESOLVED
    ticket = services.close_ticket(ticket, clerk, confirmation="电话回访客户确认已恢复")
    assert ticket.state == S.CLOSED and ticket.closed_at
    assert [c.channel for c in ticket.contacts.all()] == ["phone", "email"]
    reasons = list(ticket.history.order_by("history_id")
                   .values_list("history_change_reason", flat=True))
    assert reasons == ["create", "assign", "start", "resolve", "close"]


def test_contact_log_is_append_only(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party)
    entry = services.log_contact(ticket, engineer, at=None, channel="phone",
                                 summary="a")
    entry.summary = "changed"
    with pytest.raises(Exception, match="只能追加"):
        entry.save()
    with pytest.raises(Exception, match="只能追加"):
        entry.delete()
    assert ContactLog.objects.get().summary == "a"


def test_only_the_assigned_engineer_may_start(clerk, engineer, other_engineer, party):
    ticket = services.assign_ticket(_new(clerk, party), clerk, engineer=engineer)
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.start_ticket(ticket, other_engineer)
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.start_ticket(ticket, clerk)
    assert services.start_ticket(ticket, engineer).state == S.IN_PROGRESS


def test_only_the_assigned_engineer_may_resolve(clerk, engineer, other_engineer, party):
    ticket = _in_progress(clerk, engineer, party)
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.resolve_ticket(ticket, other_engineer, result="x")


def test_assign_onsite_requires_appointment(clerk, engineer, party):
    ticket = _new(clerk, party, kind=ServiceTicket.Kind.ONSITE)
    with pytest.raises(TransitionRefused, match="预约上门时间"):
        services.assign_ticket(ticket, clerk, engineer=engineer)


def test_assign_refuses_a_non_engineer(clerk, handler, party):
    with pytest.raises(TransitionRefused, match="服务工程师"):
        services.assign_ticket(_new(clerk, party), clerk, engineer=handler)


def test_onsite_cannot_be_resolved_without_signature_or_reason(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party, kind=ServiceTicket.Kind.ONSITE)
    with pytest.raises(TransitionRefused, match="签字"):
        services.resolve_ticket(ticket, engineer, result="已更换网卡",
                                service_record="更换网卡并测试")
    with pytest.raises(TransitionRefused, match="服务记录"):
        services.resolve_ticket(ticket, engineer, result="已更换网卡",
                                no_signature_reason="客户不在场")
    assert ServiceTicket.objects.get(pk=ticket.pk).state == S.IN_PROGRESS


def test_onsite_path_with_signature(clerk, engineer, party, signature_png):
    ticket = _in_progress(clerk, engineer, party, kind=ServiceTicket.Kind.ONSITE)
    assert ServiceTicket.clock.stage_of(ticket) == "resolve_onsite"
    ticket = services.resolve_ticket(
        ticket, engineer, result="已更换网卡", service_record="更换网卡并测试通过",
        signature_data=signature_png, signer_name="马老师")
    assert ticket.state == S.RESOLVED and ticket.no_signature_reason == ""
    signature = Signature.objects.get(object_id=ticket.pk)
    assert signature.signer_name == "马老师" and signature.role == "customer"
    assert signature.image.read(8) == b"\x89PNG\r\n\x1a\n"
    ticket = services.close_ticket(ticket, clerk, confirmation="客户已现场签字确认")
    assert ticket.state == S.CLOSED


def test_bad_signature_data_is_refused_and_nothing_saved(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party, kind=ServiceTicket.Kind.ONSITE)
    with pytest.raises(TransitionRefused, match="签名数据无效"):
        services.resolve_ticket(ticket, engineer, result="r", service_record="s",
                                signature_data="data:image/png;base64,AAAA",
                                signer_name="马老师")
    assert not Signature.objects.exists()


def test_refused_resolve_leaves_no_signature(clerk, engineer, other_engineer, party,
                                             signature_png):
    ticket = _in_progress(clerk, engineer, party, kind=ServiceTicket.Kind.ONSITE)
    with pytest.raises(TransitionRefused):
        services.resolve_ticket(ticket, engineer, result="", service_record="s",
                                signature_data=signature_png, signer_name="马老师")
    assert not Signature.objects.exists()


def test_no_signature_reason_then_close_needs_phone_confirmation(clerk, engineer,
                                                                 party):
    ticket = _in_progress(clerk, engineer, party, kind=ServiceTicket.Kind.ONSITE)
    ticket = services.resolve_ticket(ticket, engineer, result="已修复",
                                     service_record="重装驱动",
                                     no_signature_reason="客户临时外出")
    with pytest.raises(TransitionRefused, match="电话确认"):
        services.close_ticket(ticket, clerk, confirmation="已修复")
    ticket = services.close_ticket(
        ticket, clerk, confirmation="已修复",
        phone_confirmation="3月2日10:20 致电马老师，确认已恢复")
    assert ticket.state == S.CLOSED


def test_remote_to_onsite_conversion(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party)
    with pytest.raises(TransitionRefused, match="转上门原因"):
        services.convert_to_onsite(ticket, engineer, reason="", appointment_at=None)
    visit = timezone.now() + datetime.timedelta(days=1)
    ticket = services.convert_to_onsite(ticket, engineer,
                                        reason="电话指导无效，需现场检查",
                                        appointment_at=visit)
    assert ticket.state == S.ASSIGNED and ticket.kind == ServiceTicket.Kind.ONSITE
    assert (ServiceTicket.clock.stage_of(ticket) == "resolve_onsite"
            and ticket.engineer == engineer)
    ticket = services.start_ticket(ticket, engineer)
    with pytest.raises(TransitionRefused, match="只有远程"):
        services.convert_to_onsite(ticket, engineer, reason="再次",
                                   appointment_at=visit)


def test_parts_wait_pauses_the_clock_and_moves_the_deadline(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party, kind=ServiceTicket.Kind.ONSITE)
    due_before = ticket.due_at
    ticket = services.wait_for_parts(ticket, engineer, part_name="交换机电源模块",
                                     supplier="华三 合同HS-2026-08",
                                     expected_date=timezone.localdate())
    assert ticket.state == S.AWAITING_PARTS and ticket.is_paused
    # the clock stood still for one working morning
    paused_at = timezone.localtime(ticket.paused_at)
    start_day = workdays.next_workday(paused_at.date() + datetime.timedelta(days=1))
    pause_start = datetime.datetime.combine(
        start_day, datetime.time(8), paused_at.tzinfo)
    ServiceTicket.objects.filter(pk=ticket.pk).update(paused_at=pause_start)
    arrival = pause_start.replace(hour=12)  # the whole morning: 4 office hours
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=arrival):
        ticket = services.parts_arrived(ticket, engineer, serial_number="SN123456")
    assert ticket.state == S.IN_PROGRESS and not ticket.is_paused
    assert ticket.paused_hours == 4
    assert ticket.due_at == workdays.add_working_hours(due_before, 4)
    part = ticket.parts.get()
    assert part.serial_number == "SN123456" and part.received_by == engineer


def test_paused_ticket_is_not_overdue_in_queue(clerk, engineer, party):
    from tickets.service.queries import overdue_tickets

    ticket = _in_progress(clerk, engineer, party)
    ticket = services.wait_for_parts(ticket, engineer, part_name="硬盘",
                                     supplier="合同A",
                                     expected_date=timezone.localdate())
    ServiceTicket.objects.filter(pk=ticket.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=1))
    assert not overdue_tickets().filter(pk=ticket.pk).exists()


def test_escalation_to_difficult_case_and_back(personas, party):
    clerk, engineer = personas["clerk"], personas["engineer"]
    leader, handler = personas["leader"], personas["handler"]
    ticket = _in_progress(clerk, engineer, party)
    ticket, case = services.escalate_ticket(ticket, engineer, reason="两次处理未解决")
    assert ticket.state == S.ESCALATED and ticket.is_paused
    assert case.state == DifficultCase.State.PROPOSED and case.source == ticket
    assert case.number.startswith("YN") and len(case.number.split("-")[1]) == 4
    from tickets.models import DifficultCaseCriterion

    criterion = DifficultCaseCriterion.objects.get(name="两次上门仍未解决")
    case = cases.open_case(case, leader, criteria=[criterion], note="符合条件")
    case = cases.assign_case(case, leader, handler=handler,
                             earlier_records="整理前期记录")
    head = personas["manager"]
    handler.departments.update(head=head)
    for level, asked in ((2, head), (3, leader)):
        case = cases.escalate_case(case, handler, to_user=asked,
                                   request=f"第{level}级请示")
        case = cases.decide_case(case, asked, decision=f"第{level}级决定")
    with pytest.raises(TransitionRefused, match="3 级"):
        cases.escalate_case(case, handler, to_user=leader, request="第4级")
    assert [(e.level, e.decision) for e in case.escalations.all()] == [
        (2, "第2级决定"), (3, "第3级决定")]
    case = cases.resolve_case(case, handler, resolution="更换核心交换机")
    ticket.refresh_from_db()
    assert ticket.state == S.IN_PROGRESS and not ticket.is_paused
    history = ticket.history.order_by("-history_id").first()
    assert history.history_change_reason == "resume" and history.history_user is None
    assert "YN" in history.history_remark
    case = cases.archive_case(case, clerk, note="已记录归档")
    assert case.state == DifficultCase.State.ARCHIVED


def test_declined_case_resumes_the_ticket(personas, party):
    clerk, engineer = personas["clerk"], personas["engineer"]
    leader = personas["leader"]
    ticket = _in_progress(clerk, engineer, party)
    ticket, case = services.escalate_ticket(ticket, clerk, reason="客户投诉")
    cases.decline_case(case, leader, note="不符合疑难案件条件")
    ticket.refresh_from_db()
    assert ticket.state == S.IN_PROGRESS


def test_open_case_requires_a_criterion(personas, party):
    case = cases.propose_case(None, personas["clerk"], title="t", reason="r")
    with pytest.raises(TransitionRefused, match="条件"):
        cases.open_case(case, personas["leader"], criteria=[])


def test_stale_page_is_told_the_record_changed(clerk, engineer, party):
    ticket = _new(clerk, party)
    services.cancel_ticket(ticket, clerk, reason="客户撤回", expected_state=S.NEW)
    with pytest.raises(ConcurrentChange, match="刚被他人处理"):
        services.assign_ticket(ticket, clerk, engineer=engineer, expected_state=S.NEW)


def test_reopen_then_resolve_again(clerk, engineer, party):
    ticket = _in_progress(clerk, engineer, party)
    ticket = services.resolve_ticket(ticket, engineer, result="已处理")
    ticket = services.reopen_ticket(ticket, clerk, reason="客户反映仍无法登录")
    assert ticket.state == S.IN_PROGRESS and ticket.reopen_count == 1
    ticket = services.resolve_ticket(ticket, engineer, result="已彻底处理")
    assert ticket.state == S.RESOLVED


def test_emergency_deadline_is_the_same_working_day(clerk, engineer, party):
    ticket = _new(clerk, party, emergency=True, channel=ServiceTicket.Channel.HOTLINE)
    ticket = services.assign_ticket(ticket, clerk, engineer=engineer)
    assert ServiceTicket.clock.stage_of(ticket) == "resolve_emergency"
    created = timezone.localtime(ticket.created_at).date()
    assert timezone.localtime(ticket.due_at).date() == workdays.next_workday(created)


def test_photo_upload_checks_content(clerk, engineer, party):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import files

    ticket = _in_progress(clerk, engineer, party)
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(TransitionRefused, match="文件类型"):
        services.add_photo(ticket, engineer, upload=fake)
    jpeg = SimpleUploadedFile("p.jpg", files.JPEG)
    assert services.add_photo(ticket, engineer, upload=jpeg).kind == "photo"


def test_close_schedules_exactly_one_followup_call_in_the_working_day_window(
        clerk, engineer, party, django_capture_on_commit_callbacks):
    from servicecenter import workdays
    from tickets.models import Revisit
    from tickets.service.services import schedule_ticket_followup

    ticket = _in_progress(clerk, engineer, party)
    ticket = services.resolve_ticket(ticket, engineer, result="已指导客户恢复登录")
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.close_ticket(ticket, clerk, confirmation="电话确认")
    schedule_ticket_followup(ticket, clerk)  # the scheduler run again: no duplicate
    revisit = Revisit.objects.get()
    closed = timezone.localtime(ticket.closed_at).date()
    assert revisit.kind == "service" and revisit.party == party
    assert revisit.engineer == engineer
    assert revisit.window_start == workdays.add_workdays(closed, 7)
    assert revisit.window_end == workdays.add_workdays(closed, 15)
