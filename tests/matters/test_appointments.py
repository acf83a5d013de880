"""预约办理: slots from the office hours and the working-day calendar (调休 Saturday,
ordinary Saturday, holiday), the capacity of a slot, 绿色通道 outside office hours
awaiting a leader, a missed appointment recorded by the clerk or by the sweep."""

import datetime

import pytest
from django.utils import timezone

from matters.appointments import services
from matters.appointments.slots import day_slots
from matters.models import Appointment, BookingRule
from servicecenter import sweep
from servicecenter.models import Notification, SerialCounter, Window
from servicecenter.transitions import TransitionRefused, run_transition
from tests.factories import PartyFactory
from tests.matters.factories import DIBAO, item

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
TIAOXIU_SATURDAY = datetime.date(2026, 10, 10)  # 国庆 调休: a working Saturday
TIAOXIU_SUNDAY = datetime.date(2026, 9, 20)
ORDINARY_SATURDAY = datetime.date(2026, 9, 26)
NATIONAL_DAY = datetime.date(2026, 10, 1)


def moment(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), TZ)


@pytest.fixture
def clock(monkeypatch):
    """Set "now" for the services (timezone.now is what they all read)."""

    def set_now(value):
        monkeypatch.setattr(timezone, "now", lambda: value)

    set_now(moment(datetime.date(2026, 9, 25), 9))  # a Friday before 国庆
    return set_now


@pytest.fixture
def window(clerk, department):
    window = Window.objects.create(number=3, name="社会事务", department=department)
    window.staff.add(clerk)
    BookingRule.objects.create(window=window, slot_minutes=30, capacity=2,
                               days_ahead=30)
    return window


@pytest.fixture
def dibao(window):
    it = item(DIBAO)
    it.window = window
    it.save()
    return it


def missed_by_sweep(now) -> int:
    """The whole sweep, as the periodic command runs it: appointments it marked."""
    return sweep.run(now)["lapse_appointments"]["appointments_missed"]


def book(user, it, start, **kwargs):
    return services.book_appointment(user, item=it, party=PartyFactory(),
                                     starts_at=start, **kwargs)


def test_slots_on_a_tiaoxiu_saturday_and_none_on_a_rest_day(window):
    rule = window.booking_rule
    saturday = day_slots(rule, TIAOXIU_SATURDAY)
    # 8:00–12:00 and the winter afternoon 13:30–17:00, by half hours
    assert len(saturday) == 8 + 7
    assert saturday[0].start == moment(TIAOXIU_SATURDAY, 8)
    assert saturday[8].start == moment(TIAOXIU_SATURDAY, 13, 30)
    assert saturday[-1].end == moment(TIAOXIU_SATURDAY, 17)
    sunday = day_slots(rule, TIAOXIU_SUNDAY)  # summer afternoon 14:30–18:30
    assert len(sunday) == 16 and sunday[8].start == moment(TIAOXIU_SUNDAY, 14, 30)
    assert day_slots(rule, ORDINARY_SATURDAY) == []
    assert day_slots(rule, NATIONAL_DAY) == []


def test_booking_on_the_tiaoxiu_saturday_and_refused_on_a_holiday(clerk, dibao, clock):
    appt = book(clerk, dibao, moment(TIAOXIU_SATURDAY, 8, 30))
    assert appt.state == "booked" and appt.number.startswith("YY2026-")
    assert appt.ends_at == moment(TIAOXIU_SATURDAY, 9)
    assert appt.window == dibao.window and appt.booked_by == clerk
    assert appt.history.first().history_change_reason == "book"
    for day in (NATIONAL_DAY, ORDINARY_SATURDAY):
        with pytest.raises(TransitionRefused, match="不是可预约的时段"):
            book(clerk, dibao, moment(day, 8, 30))
    assert Appointment.objects.count() == 1


def test_the_slot_after_capacity_is_refused_and_nothing_is_written(clerk, dibao,
                                                                    clock):
    start = moment(TIAOXIU_SATURDAY, 10)
    book(clerk, dibao, start)
    book(clerk, dibao, start)
    counter = SerialCounter.objects.get(prefix="YY").value
    with pytest.raises(TransitionRefused, match="已约满（每时段限2人）"):
        book(clerk, dibao, start)
    assert Appointment.objects.filter(starts_at=start).count() == 2
    assert SerialCounter.objects.get(prefix="YY").value == counter  # no gap
    slot = next(s for s in day_slots(dibao.window.booking_rule, TIAOXIU_SATURDAY)
                if s.start == start)
    assert slot.remaining == 0 and slot.taken == 2
    # a cancelled booking gives its place back; the next slot is free
    first = Appointment.objects.filter(starts_at=start).first()
    services.cancel_appointment(first, clerk, reason="群众来电取消")
    assert book(clerk, dibao, start).state == "booked"
    assert book(clerk, dibao, moment(TIAOXIU_SATURDAY, 10, 30)).state == "booked"


def test_booking_refuses_the_past_and_beyond_the_rule(clerk, dibao, clock):
    with pytest.raises(TransitionRefused, match="已经过去"):
        book(clerk, dibao, moment(datetime.date(2026, 9, 24), 9))
    with pytest.raises(TransitionRefused, match="最多可提前30天"):
        book(clerk, dibao, moment(datetime.date(2026, 10, 30), 9))


def test_green_channel_outside_office_hours_needs_the_leaders_approval(
        clerk, leader, dibao, clock, django_capture_on_commit_callbacks):
    evening = dict(starts_at=moment(NATIONAL_DAY, 9), ends_at=moment(NATIONAL_DAY, 11))
    with pytest.raises(TransitionRefused, match="仅绿色通道事项"):
        book(clerk, dibao, evening["starts_at"], ends_at=evening["ends_at"],
             reason="急需")
    dibao.green_channel = True
    dibao.save()
    with pytest.raises(TransitionRefused, match="请填写事由"):
        book(clerk, dibao, evening["starts_at"], ends_at=evening["ends_at"])
    with pytest.raises(TransitionRefused, match="与办公时间重叠"):
        book(clerk, dibao, moment(TIAOXIU_SATURDAY, 11, 45),
             ends_at=moment(TIAOXIU_SATURDAY, 12, 30), reason="急需")
    with django_capture_on_commit_callbacks(execute=True):
        appt = book(clerk, dibao, evening["starts_at"], ends_at=evening["ends_at"],
                    reason="重点招商项目急需审批")
    assert appt.state == "requested" and appt.green_channel
    notice = Notification.objects.get(recipient=leader, object_id=appt.pk)
    assert "绿色通道预约待批准" in notice.title
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.approve_appointment(appt, clerk)
    with pytest.raises(TransitionRefused, match="不能执行「已到场」"):
        services.arrive_appointment(appt, clerk)
    with django_capture_on_commit_callbacks(execute=True):
        appt = services.approve_appointment(appt, leader)
    assert appt.state == "booked" and appt.approved_by == leader
    assert Notification.objects.filter(recipient=clerk, object_id=appt.pk,
                                       title__contains="已批准").exists()


def test_the_leader_declines_a_green_channel_booking_with_a_reason(
        clerk, leader, dibao, clock):
    dibao.green_channel = True
    dibao.save()
    appt = book(clerk, dibao, moment(NATIONAL_DAY, 15),
                ends_at=moment(NATIONAL_DAY, 16), reason="急需")
    with pytest.raises(TransitionRefused, match="不予批准的理由"):
        services.decline_appointment(appt, leader, reason=" ")
    why = "非重点项目，请于工作日办理"
    appt = services.decline_appointment(appt, leader, reason=why)
    assert appt.state == "refused" and appt.history.first().history_remark == why


def test_missed_is_recorded_by_the_sweep_after_the_slot_ends(clerk, dibao, clock):
    appt = book(clerk, dibao, moment(TIAOXIU_SATURDAY, 9))
    on_time = book(clerk, dibao, moment(TIAOXIU_SATURDAY, 9, 30))
    clock(moment(TIAOXIU_SATURDAY, 9, 20))
    services.arrive_appointment(on_time, clerk)
    assert missed_by_sweep(moment(TIAOXIU_SATURDAY, 9, 20)) == 0
    clock(moment(TIAOXIU_SATURDAY, 9, 31))
    assert missed_by_sweep(moment(TIAOXIU_SATURDAY, 9, 31)) == 1
    appt.refresh_from_db()
    on_time.refresh_from_db()
    assert appt.state == "missed" and appt.missed_by is None and appt.missed_at
    assert on_time.state == "arrived"
    last = appt.history.first()
    assert last.history_change_reason == "lapse" and last.history_user is None
    assert missed_by_sweep(moment(TIAOXIU_SATURDAY, 10)) == 0


def test_the_clerk_records_missed_only_once_the_slot_began(clerk, dibao, clock):
    appt = book(clerk, dibao, moment(TIAOXIU_SATURDAY, 14))
    with pytest.raises(TransitionRefused, match="尚未开始"):
        services.miss_appointment(appt, clerk)
    clock(moment(TIAOXIU_SATURDAY, 14, 10))
    appt = services.miss_appointment(appt, clerk)
    assert appt.state == "missed" and appt.missed_by == clerk



def test_only_the_sweep_records_a_lapse(clerk, dibao, clock):
    appt = book(clerk, dibao, moment(TIAOXIU_SATURDAY, 15))
    clock(moment(TIAOXIU_SATURDAY, 16))
    with pytest.raises(TransitionRefused, match="没有权限"):
        run_transition(appt, "lapse", clerk)


def test_only_the_windows_staff_mark_arrival(clerk, other_clerk, dibao, clock):
    appt = book(other_clerk, dibao, moment(TIAOXIU_SATURDAY, 8))
    with pytest.raises(TransitionRefused, match="没有权限"):
        services.arrive_appointment(appt, other_clerk)
    # the clerk who booked it for the window may cancel it
    assert services.cancel_appointment(appt, other_clerk, reason="改期").state == (
        "withdrawn")
    appt = book(other_clerk, dibao, moment(TIAOXIU_SATURDAY, 8))
    assert services.arrive_appointment(appt, clerk).state == "arrived"


def test_only_clerks_book(handler, outsider, dibao, clock):
    for user in (handler, outsider):
        with pytest.raises(TransitionRefused, match="只有窗口工作人员"):
            book(user, dibao, moment(TIAOXIU_SATURDAY, 8))


def test_find_or_create_party_finds_the_citizen_by_phone_and_name(clerk):
    known = PartyFactory(name="李秀英", phone="13800138002")
    assert services.find_or_create_party(clerk, "李秀英", "13800138002") == known
    other = services.find_or_create_party(clerk, "李秀兰", "13800138002")
    assert other != known and other.phone == "13800138002"
    with pytest.raises(TransitionRefused):
        services.find_or_create_party(clerk, "王五", "12ab")
