"""转交 (首问负责制): hand over → on the receiver's 工作台 → accept → theirs; refusal
sends it back; both on the timeline; one notice for the right people, once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from petitions.models.choices import Category
from servicecenter import handover
from servicecenter.models import Handover, Notification, Window
from servicecenter.timeline import build_timeline
from servicecenter.transitions import TransitionError
from tests.factories import UserFactory
from tests.petitions.factories import Flow
from tests.repairs.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def window2(other_clerk):
    window = Window.objects.create(number=2, name="技术服务受理")
    window.staff.add(other_clerk)
    return window


@pytest.fixture
def order(clerk):
    return RepairOrderFactory(received_by=clerk)


def _notices(user, kind="handover"):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def _hand_over(client, user, record, target, note="属技术服务窗口受理"):
    client.force_login(user)
    url = reverse("handover_create", args=[record._meta.label_lower, record.pk])
    return client.post(url, {"target": target, "note": note}, follow=True)


def test_hand_over_then_accept_makes_it_theirs(
        client, clerk, other_clerk, window2, order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = _hand_over(client, clerk, order, f"w:{window2.pk}")
    assert "已转交给2号窗口（技术服务受理），待对方接收" in page.content.decode()
    item = Handover.objects.get()
    assert item.is_pending and item.from_user == clerk
    home = client.get("/").content.decode()  # still the first receiver's
    assert order.number in home and "待对方接收" in home

    client.force_login(other_clerk)
    home = client.get("/").content.decode()
    assert order.number in home and "待我接收（王窗口转交）" in home
    titles = [n.title for n in _notices(other_clerk)]
    assert titles == [f"待接收转交：维修 {order.number}"]
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("handover_accept", args=[item.pk]), follow=True)
    assert "已接收转交，该事项现由您承办" in page.content.decode()
    order.refresh_from_db()
    assert order.received_by == other_clerk
    assert handover.first_receiver(order) == clerk  # 首问责任人 stays
    assert RepairOrderFactory._meta.model.clock.responsible(order) == [other_clerk]
    assert [n.title for n in _notices(clerk)] == [f"转交已接收：维修 {order.number}"]
    labels = [(e.label, e.who) for e in build_timeline(order)]
    assert ("转交", "王窗口") in labels and ("接收转交", "赵窗口") in labels
    assert "待我接收（" not in client.get("/").content.decode()


def test_refuse_sends_it_back_with_the_reason(
        client, clerk, other_clerk, window2, order, django_capture_on_commit_callbacks):
    item = handover.hand_over(order, clerk, window2, "请技术服务窗口办理")
    client.force_login(other_clerk)
    page = client.post(reverse("handover_refuse", args=[item.pk]), {"reason": "  "})
    assert "请填写退回理由" in page.content.decode()  # bad input: shown, not lost
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("handover_refuse", args=[item.pk]),
                    {"reason": "本窗口不受理打印机维修"})
    item.refresh_from_db()
    order.refresh_from_db()
    assert item.state == Handover.State.REFUSED
    assert order.received_by == clerk  # back with the one who handed it over
    notice = _notices(clerk)
    assert len(notice) == 1 and "本窗口不受理打印机维修" in notice[0].body
    entries = [(e.label, e.remark) for e in build_timeline(order)]
    assert ("退回转交", "本窗口不受理打印机维修") in entries
    assert handover.can_hand_over(clerk, order)  # may hand it elsewhere now


def test_each_notice_once_even_when_the_accept_is_retried(
        clerk, other_clerk, window2, order, django_capture_on_commit_callbacks):
    third = UserFactory(username="third", first_name="孙窗口")
    third.groups.add(Group.objects.get(name="clerk"))
    window2.staff.add(third, clerk)  # the sender is not his own receiver
    with django_capture_on_commit_callbacks(execute=True):
        item = handover.hand_over(order, clerk, window2, "转技术服务")
    assert sorted(n.recipient.username for n in
                  Notification.objects.filter(kind="handover")) == [
        "other_clerk", "third"]
    stale = Handover.objects.get(pk=item.pk)
    with django_capture_on_commit_callbacks(execute=True):
        handover.accept_handover(item, other_clerk)
    for user in (third, other_clerk):  # the other receiver, and a double click
        with pytest.raises(TransitionError, match="刚被他人处理"):
            with django_capture_on_commit_callbacks(execute=True):
                handover.accept_handover(stale, user)
    assert len(_notices(clerk)) == 1
    order.refresh_from_db()
    assert order.received_by == other_clerk


def test_handing_over_twice_to_the_same_person_tells_them_twice(
        clerk, other_clerk, order, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            item = handover.hand_over(order, clerk, other_clerk, "请接收")
        handover.refuse_handover(item, other_clerk, "不是本人负责")
    assert len(_notices(other_clerk)) == 2


def test_outsider_cannot_accept_and_non_holder_cannot_hand_over(
        client, clerk, other_clerk, engineer, outsider, window2, order):
    assert not handover.can_hand_over(other_clerk, order)
    page = _hand_over(client, other_clerk, order, f"w:{window2.pk}")
    assert "您不是该记录的首问责任人" in page.content.decode()
    assert not Handover.objects.exists()
    item = handover.hand_over(order, clerk, window2, "转技术服务")
    for user in (outsider, engineer):
        client.force_login(user)
        response = client.post(reverse("handover_accept", args=[item.pk]))
        assert response.status_code in (302, 404)
        item.refresh_from_db()
        assert item.is_pending
    with pytest.raises(TransitionError, match="没有权限"):
        handover.accept_handover(item, engineer)
    with pytest.raises(TransitionError):  # one pending handover at a time
        handover.hand_over(order, clerk, other_clerk, "再转一次")


def test_bad_input_is_told_in_chinese(client, clerk, order):
    empty = Window.objects.create(number=9, name="空窗口")
    for target, note, message in [
            ("", "说明", "请选择转交给哪个窗口、科室或人员"),
            ("w:999999", "说明", "请从列表中选择窗口、科室或人员"),
            ("x:1", "说明", "请从列表中选择窗口、科室或人员"),
            (f"w:{empty.pk}", "说明", "目前没有可接收的工作人员"),
            (f"u:{clerk.pk}", "说明", "没有可接收的工作人员"),
            (f"w:{empty.pk}", "   ", "请填写转交说明")]:
        page = _hand_over(client, clerk, order, target, note)
        assert page.status_code == 200 and message in page.content.decode(), target
    assert not Handover.objects.exists()


def test_confidential_petition_goes_only_to_who_may_view_it(
        clerk, leader, handler, department, other_clerk, window2):
    leader.groups.add(Group.objects.get(name="clerk"))  # a leader at the window
    flow = Flow(leader, leader, handler, department)
    secret = flow.petition(category=Category.ACCUSATION)
    assert secret.first_receiver == leader
    with pytest.raises(TransitionError, match="揭发控告"):
        handover.hand_over(secret, leader, window2, "转窗口")
    with pytest.raises(TransitionError, match="揭发控告"):
        handover.hand_over(secret, leader, other_clerk, "转给窗口人员")
    assert not Handover.objects.exists()
    second = UserFactory(username="leader2", first_name="钱书记")
    second.groups.add(Group.objects.get(name="leader"))
    item = handover.hand_over(secret, leader, second, "请钱书记接待")
    assert handover.receivers(item) == [second]
    from petitions.queries import visible_petitions

    assert not visible_petitions(other_clerk).filter(pk=secret.pk).exists()


def test_the_first_receiver_still_sees_a_petition_handed_to_a_department(
        clerk, leader, handler, other_handler, department, other_department):
    from petitions.permissions import can_view_petition
    from petitions.queries import visible_petitions

    flow = Flow(clerk, leader, handler, department)
    petition = flow.petition()
    assert not can_view_petition(other_handler, petition)
    item = handover.hand_over(petition, clerk, other_department, "属农业农村办")
    assert can_view_petition(other_handler, petition)  # to accept it
    assert visible_petitions(other_handler).filter(pk=petition.pk).exists()
    handover.accept_handover(item, other_handler)
    petition.refresh_from_db()
    assert petition.first_receiver == other_handler
    assert visible_petitions(clerk).filter(pk=petition.pk).exists()
    assert handover.first_receiver(petition) == clerk


def test_a_person_without_a_role_cannot_be_picked(client, clerk, outsider, order):
    page = _hand_over(client, clerk, order, f"u:{outsider.pk}")
    assert "请从列表中选择窗口、科室或人员" in page.content.decode()
    assert not Handover.objects.exists()


def test_a_resent_handover_form_hands_over_once(client, clerk, other_clerk, order):
    from servicecenter.once import new_token

    client.force_login(clerk)
    url = reverse("handover_create", args=[order._meta.label_lower, order.pk])
    data = {"target": f"u:{other_clerk.pk}", "note": "请接收",
            "submit_token": new_token()}
    client.post(url, data)
    page = client.post(url, data, follow=True).content.decode()
    assert Handover.objects.count() == 1
    assert "该表单已提交过" in page or "已在转交中" in page


def test_a_service_ticket_and_a_complaint_are_handed_over_the_same_way(
        clerk, other_clerk, manager, engineer, django_capture_on_commit_callbacks):
    from tests.complaints.factories import make_complaint
    from tests.tickets.factories import ServiceTicketFactory

    ticket = ServiceTicketFactory(state="new", created_by=clerk)
    complaint = make_complaint("registered", clerk=clerk, manager=manager,
                               responsible=engineer)
    for record, holder in ((ticket, "created_by"), (complaint, "registered_by")):
        with django_capture_on_commit_callbacks(execute=True):
            item = handover.hand_over(record, clerk, other_clerk, "转窗口")
            handover.accept_handover(item, other_clerk)
        record.refresh_from_db()
        assert getattr(record, holder) == other_clerk
        assert handover.first_receiver(record) == clerk
        assert "转交" in [e.label for e in build_timeline(record)]
    assert len(_notices(other_clerk)) == 2 and len(_notices(clerk)) == 2


def test_a_closed_record_is_not_handed_over(clerk, other_clerk):
    order = RepairOrderFactory(received_by=clerk, state="closed")
    assert not handover.can_hand_over(clerk, order)
    with pytest.raises(TransitionError, match="已办结"):
        handover.hand_over(order, clerk, other_clerk, "转")
