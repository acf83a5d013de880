"""Deadlines, extension, sweep, group visits, repeats and the runner's behaviour."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions import services
from petitions.models import Extension, Petition
from petitions.models.choices import Category, State
from servicecenter import workdays
from servicecenter.models import TimeLimit
from servicecenter.transitions import (
    ConcurrentChange,
    TransitionRefused,
    run_transition,
)
from tests.factories import PartyFactory
from tests.petitions.factories import local

pytestmark = pytest.mark.django_db


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- deadlines ---
def test_register_acceptance_due_15_days_from_receipt(flow):
    petition = flow.petition(received_at=local(2026, 3, 2))
    assert (timezone.localtime(petition.accept_due_at).date()
            == datetime.date(2026, 3, 17))
    assert petition.due_at == petition.accept_due_at
    assert not petition.due_provisional
    assert petition.number.startswith("XF2026-")


def test_register_acceptance_due_moves_off_national_day(flow):
    petition = flow.petition(received_at=local(2026, 9, 16))
    # 09-16 + 15 days = 10-01, National Day: moves to the first working day after it
    assert (timezone.localtime(petition.accept_due_at).date()
            == datetime.date(2026, 10, 8))


def test_accept_handling_due_60_days_from_acceptance(flow, leader, department):
    petition = flow.petition(received_at=local(2026, 3, 2))
    with at(local(2026, 3, 5)):
        petition = services.accept_petition(petition, leader, instruction="办理",
                                            department=department)
    assert (timezone.localtime(petition.handle_due_at).date()
            == datetime.date(2026, 5, 6))
    # 03-05 + 60 = 05-04 falls in the May Day holiday (05-01..05-05) → 05-06
    assert petition.due_at == petition.handle_due_at
    # return-to-office: 5 working days after 03-05 (Thu) → 03-12
    assert (timezone.localtime(petition.return_due_at).date()
            == datetime.date(2026, 3, 12))


def test_time_limit_change_applies_to_later_deadlines(flow):
    TimeLimit.objects.filter(process="petition", stage="accept").update(amount=10)
    petition = flow.petition(received_at=local(2026, 3, 2))
    assert (timezone.localtime(petition.accept_due_at).date()
            == datetime.date(2026, 3, 12))


def test_overdue_after_the_acceptance_limit(flow):
    petition = flow.petition(received_at=local(2026, 3, 2))
    with at(local(2026, 3, 17, 23)):
        assert not petition.is_overdue
    with at(local(2026, 3, 18, 9)):
        assert petition.is_overdue
        from petitions.queries import overdue

        assert list(overdue(Petition.objects.all())) == [petition]


def test_return_to_office_refused_after_5_working_days(flow, handler, leader,
                                                       department):
    petition = flow.petition(received_at=local(2026, 3, 2))
    with at(local(2026, 3, 5)):
        petition = services.accept_petition(petition, leader, instruction="办理",
                                            department=department)
    with at(local(2026, 3, 13)), pytest.raises(TransitionRefused) as exc:
        services.return_to_office_petition(petition, handler, reason="非本科室职责")
    assert "5个工作日" in exc.value.message
    with at(local(2026, 3, 12)):
        petition = services.return_to_office_petition(petition, handler,
                                                      reason="非本科室职责")
    assert petition.state == State.REGISTERED
    assert petition.department is None and petition.due_at == petition.accept_due_at


# --- extension ---
def test_extension_approved_moves_handling_due(flow, handler, leader,
                                               django_capture_on_commit_callbacks):
    petition = flow.petition("in_progress")
    before = petition.handle_due_at
    ext = services.request_extension(petition, handler, days=30, reason="需要现场测量")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_extension(ext, leader, approve=True, note="同意")
    petition.refresh_from_db()
    assert petition.extension_days == 30
    # 60 + 30 calendar days from acceptance (moved off a weekend or holiday): the
    # difference to ``before`` is 28 days when ``before`` had been moved off a weekend
    accepted = timezone.localtime(petition.decided_at).date()
    due = timezone.localtime(petition.handle_due_at).date()
    assert petition.handle_due_at > before
    assert due >= accepted + datetime.timedelta(days=90)
    assert due == workdays.add_days(accepted, 90)
    assert petition.due_at == petition.handle_due_at
    assert petition.history.first().history_change_reason == "延期"
    from servicecenter.pdf import latest_issued

    assert latest_issued(petition, "extension") is not None


def test_extension_only_once_and_at_most_30_days(flow, handler, leader):
    petition = flow.petition("in_progress")
    with pytest.raises(TransitionRefused, match="1至30天"):
        services.request_extension(petition, handler, days=31, reason="x")
    ext = services.request_extension(petition, handler, days=10, reason="x")
    services.decide_extension(ext, leader, approve=False, note="理由不充分")
    with pytest.raises(TransitionRefused, match="只能申请一次"):
        services.request_extension(petition, handler, days=10, reason="再次")
    assert Extension.objects.get().state == Extension.State.REFUSED


def test_extension_decided_only_by_leader(flow, handler, clerk):
    petition = flow.petition("in_progress")
    ext = services.request_extension(petition, handler, days=10, reason="x")
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.decide_extension(ext, clerk, approve=True)
    with pytest.raises(TransitionRefused, match="承办人"):
        services.request_extension(petition, clerk, days=5, reason="x")


# --- sweep ---
def test_sweep_closes_30_days_after_reply_with_history(flow, clerk):
    petition = flow.petition("result_reported")
    petition = services.reply_petition(petition, clerk, method="书面答复",
                                       replied_on=datetime.date(2026, 3, 2))
    assert (timezone.localtime(petition.review_due_at).date()
            == datetime.date(2026, 4, 1))
    still_open = flow.petition("replied")  # replied today: window still open
    with at(local(2026, 4, 1, 23)):
        assert services.close_expired_petitions() == (0, 0)
    with at(local(2026, 4, 2, 0)):
        assert services.close_expired_petitions() == (1, 0)
        assert services.close_expired_petitions() == (0, 0)  # idempotent
    petition.refresh_from_db()
    still_open.refresh_from_db()
    assert petition.state == State.CLOSED and still_open.state == State.REPLIED
    row = petition.history.order_by("-history_id").first()
    assert row.history_change_reason == "close"
    assert row.history_user is None and "30日" in row.history_remark


def test_sweep_command_runs(flow, clerk):
    petition = flow.petition("result_reported")
    services.reply_petition(petition, clerk, method="电话",
                            replied_on=timezone.localdate()
                            - datetime.timedelta(days=40))
    call_command("petition_sweep")
    petition.refresh_from_db()
    assert petition.state == State.CLOSED


def test_sweep_cannot_close_before_the_window_ends(flow):
    petition = flow.petition("replied")
    with pytest.raises(TransitionRefused, match="没有权限"):
        run_transition(petition, "close", None)


# --- group visits and repeats ---
def test_group_visit_at_most_five_representatives(flow):
    reps = PartyFactory.create_batch(5)
    with pytest.raises(TransitionRefused, match="不得超过5人"):
        flow.register(headcount=12, party=reps[0], representatives=[*reps,
                                                                     PartyFactory()])
    petition = flow.register(headcount=12, party=reps[0], representatives=reps)
    assert petition.is_group_visit
    assert petition.representatives.count() == 5


def test_possible_repeats_same_person_or_subject_within_a_year(flow, clerk):
    party = PartyFactory()
    old = flow.register(party=party, subject="老问题",
                        received_at=timezone.now() - datetime.timedelta(days=400))
    recent = flow.register(party=party, subject="水渠破损")
    other = flow.register(subject="水渠破损")
    unrelated = flow.register(subject="别的事")
    found = services.possible_repeats(clerk, party, "水渠破损")
    assert set(found) == {recent, other}
    assert old not in found and unrelated not in found
    merged = services.mark_duplicate_petition(other, clerk, original=recent)
    assert merged.state == State.MERGED and merged.duplicate_of == recent


def test_a_hidden_accusation_is_no_original_to_merge_into(flow, clerk):
    secret = flow.register(category=Category.ACCUSATION, subject="揭发村干部")
    other = flow.register(subject="揭发村干部")
    with pytest.raises(TransitionRefused, match="没有这个编号的信访事项"):
        services.mark_duplicate_petition(other, clerk, original=secret)
    other.refresh_from_db()
    assert other.state == State.REGISTERED


# --- run_transition through Petition ---
def test_runner_refuses_wrong_state(flow, leader, department):
    petition = flow.petition("in_progress")
    with pytest.raises(TransitionRefused, match="当前状态「办理中」不能执行「受理」"):
        run_transition(petition, "accept", leader, instruction="x",
                       department=department)


def test_runner_refuses_permission(flow, other_handler):
    petition = flow.petition("accepted")
    with pytest.raises(TransitionRefused, match="您没有权限执行「签收」"):
        run_transition(petition, "sign", other_handler)


def test_runner_reports_concurrent_change(flow, leader, department):
    petition = flow.petition("accepted")
    with pytest.raises(ConcurrentChange) as exc:
        run_transition(petition, "accept", leader, expected_state=State.REGISTERED,
                       instruction="x", department=department)
    assert exc.value.message == ("该记录刚被他人处理，当前状态为「已受理」，"
                                 "请刷新页面后再操作。")


def test_runner_writes_history_with_user_name_and_remark(flow, handler):
    petition = flow.petition("accepted")
    petition = run_transition(petition, "sign", handler, "今天签收")
    row = petition.history.first()
    assert (row.history_user, row.history_change_reason, row.history_remark) == (
        handler, "sign", "今天签收")
    assert row.state == State.IN_PROGRESS
    assert petition.history.last().history_change_reason == "register"


# --- confidentiality ---
def test_accusation_needs_a_named_handler(flow, leader, department):
    petition = flow.petition(category=Category.ACCUSATION)
    with pytest.raises(TransitionRefused, match="须指定承办人"):
        services.accept_petition(petition, leader, instruction="核查",
                                 department=department)


def test_accusation_visible_only_to_leader_and_assigned_handler(flow, personas):
    from petitions.permissions import can_view_petition
    from petitions.queries import visible_to

    petition = flow.petition("accepted", category=Category.ACCUSATION)
    can_see = {name for name, user in personas.items()
               if can_view_petition(user, petition)}
    listed = {name for name, user in personas.items()
              if visible_to(user).filter(pk=petition.pk).exists()}
    assert can_see == listed == {"leader", "handler"}


# --- demo ---
def test_demo_seeder_is_idempotent_and_covers_several_states():
    from petitions import demo
    from servicecenter.demo import seed

    seed()
    demo.seed()
    demo.seed()
    states = set(Petition.objects.values_list("state", flat=True))
    assert Petition.objects.count() == len(demo.DEMO)
    assert {State.REGISTERED, State.ACCEPTED, State.IN_PROGRESS,
            State.REPLIED} <= states
