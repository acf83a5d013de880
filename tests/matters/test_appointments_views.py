"""预约办理 pages: the day's list and who sees it (a citizen's phone masked but for
clerks), booking from the free slots (a full slot says so and writes nothing), the
steps, the intake opened prefilled, 工作台, the 预约单 with the item's materials, and
the demo's pages with DEBUG off."""

import datetime
import io
import subprocess

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from matters.appointments import services
from matters.models import Appointment, BookingRule
from servicecenter.models import Party, Window
from tests.factories import PartyFactory
from tests.matters.factories import ZHAIJIDI, item
from tests.pdfcheck import cjk_embedded, pdf_text

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
DAY = datetime.date(2026, 10, 10)  # a 调休 working Saturday


def moment(hour, minute=0, day=DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), TZ)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment(8))


@pytest.fixture
def window(clerk, department):
    window = Window.objects.create(number=3, name="社会事务", department=department)
    window.staff.add(clerk)
    BookingRule.objects.create(window=window, slot_minutes=60, capacity=1)
    return window


@pytest.fixture
def zhaijidi(window):
    it = item(ZHAIJIDI)
    it.window = window
    it.save()
    return it


@pytest.fixture
def appt(clerk, zhaijidi):
    situation = zhaijidi.current_version.situations.get(name="新建")
    party = PartyFactory(name="张建国", phone="13800138001")
    return services.book_appointment(clerk, item=zhaijidi, party=party,
                                     situation=situation, starts_at=moment(10))


def test_the_days_list_shows_the_windows_appointments_to_its_clerk(client, clerk,
                                                                    appt):
    client.force_login(clerk)
    page = client.get(reverse("matters:appointments")).content.decode()
    assert appt.number in page and "张建国" in page and "13800138001" in page
    assert "10:00–11:00" in page and "已到场" in page
    other_day = client.get(reverse("matters:appointments"), {"date": "2026-10-11"})
    assert appt.number not in other_day.content.decode()
    bad = client.get(reverse("matters:appointments"), {"date": "10/10"})
    assert bad.status_code == 200 and "日期格式" in bad.content.decode()


def test_leaders_see_the_phone_masked(client, leader, appt):
    client.force_login(leader)
    page = client.get(reverse("matters:appointments")).content.decode()
    assert appt.number in page and "138****8001" in page
    assert "13800138001" not in page


def test_a_clerk_of_another_window_and_non_clerks_do_not_see_it(
        client, other_clerk, handler, outsider, appt):
    client.force_login(other_clerk)
    page = client.get(reverse("matters:appointments")).content.decode()
    assert appt.number not in page
    assert client.get(reverse("matters:appointment", args=[appt.pk])).status_code == 403
    step = reverse("matters:appointment_step", args=[appt.pk, "arrive"])
    assert client.post(step).status_code == 403
    for user in (handler, outsider):
        client.force_login(user)
        assert client.get(reverse("matters:appointments")).status_code == 403
        assert client.get(reverse("matters:appointment_book")).status_code == 403
        assert client.get(reverse("matters:appointment_slip",
                                  args=[appt.pk])).status_code == 403
    appt.refresh_from_db()
    assert appt.state == "booked"


def _booking(it, **extra):
    return {"item": it.pk, "day": DAY.isoformat(), "slot": "10:00", "name": "王新民",
            "phone": "13900139000", "channel": "phone", **extra}


def test_booking_shows_free_slots_and_a_full_slot_writes_nothing(client, clerk,
                                                                 zhaijidi, appt):
    client.force_login(clerk)
    page = client.get(reverse("matters:appointment_book"),
                      {"item": zhaijidi.pk, "day": DAY.isoformat()}).content.decode()
    assert "10:00–11:00" in page and "已约满" in page and "余1" in page
    counts = Party.objects.count(), Appointment.objects.count()
    response = client.post(reverse("matters:appointment_book"), _booking(zhaijidi))
    assert response.status_code == 200
    assert "已约满（每时段限1人）" in response.content.decode()
    assert (Party.objects.count(), Appointment.objects.count()) == counts
    response = client.post(reverse("matters:appointment_book"),
                           _booking(zhaijidi, slot="11:00"))
    made = Appointment.objects.get(party__name="王新民")
    assert response.status_code == 302 and made.starts_at == moment(11)
    assert made.booked_by == clerk and made.party.phone == "13900139000"


def test_booking_on_a_rest_day_says_there_are_no_slots(client, clerk, zhaijidi):
    client.force_login(clerk)
    page = client.get(reverse("matters:appointment_book"),
                      {"item": zhaijidi.pk, "day": "2026-10-17"}).content.decode()
    assert "不是工作日" in page
    response = client.post(reverse("matters:appointment_book"),
                           _booking(zhaijidi, day="2026-10-17"))
    assert "不是可预约的时段" in response.content.decode()
    assert not Appointment.objects.exists()


def test_arrival_then_the_intake_opens_with_the_citizen_and_item(client, clerk, appt):
    client.force_login(clerk)
    step = reverse("matters:appointment_step", args=[appt.pk, "arrive"])
    client.post(step, {"expected_state": "booked"})
    appt.refresh_from_db()
    assert appt.state == "arrived"
    page = client.get(reverse("matters:appointment", args=[appt.pk])).content.decode()
    assert "开始收件" in page
    intake = client.get(reverse("matters:intake"), {
        "item": appt.item_id, "situation": appt.situation_id,
        "party_id": appt.party_id, "channel": "phone"}).content.decode()
    assert "已选择：<strong>张建国</strong>" in intake
    assert f'name="party_id" value="{appt.party_id}"' in intake
    assert f'<option value="{appt.situation_id}" selected>新建</option>' in intake


def test_workbench_lists_todays_appointments_and_the_green_request(
        client, clerk, leader, appt, zhaijidi):
    zhaijidi.green_channel = True
    zhaijidi.save()
    green = services.book_appointment(
        clerk, item=zhaijidi, party=appt.party, starts_at=moment(19),
        ends_at=moment(20), reason="重点项目急需")
    client.force_login(clerk)
    page = client.get(reverse("home")).content.decode()
    assert appt.number in page and "今日预约" in page
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert green.number in page and "绿色通道待批准" in page
    detail = client.get(reverse("matters:appointment", args=[green.pk]))
    assert "批准（绿色通道）" in detail.content.decode()
    client.post(reverse("matters:appointment_step", args=[green.pk, "approve"]),
                {"expected_state": "requested"})
    green.refresh_from_db()
    assert green.state == "booked" and green.approved_by == leader


def test_the_slip_lists_the_materials_of_the_chosen_situation(client, clerk, appt,
                                                               tmp_path):
    client.force_login(clerk)
    response = client.get(reverse("matters:appointment_slip", args=[appt.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = pdf_text(content)
    assert "预约单" in text and appt.number in text and "张建国" in text
    assert "3号窗口" in text and "2026年10月10日" in text
    materials = appt.item.current_version.materials_for(appt.situation)
    assert materials.exists()
    for material in materials:
        assert material.name[:12] in text.replace("\n", ""), material.name
    only_rebuild = appt.item.current_version.materials.exclude(
        pk__in=materials.values("pk"))
    for material in only_rebuild:  # 翻建's own materials are not asked of 新建
        assert material.name not in text.replace("\n", "")
    path = tmp_path / "slip.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert cjk_embedded(fonts)
    again = client.get(reverse("matters:appointment_slip", args=[appt.pk]))
    assert b"".join(again.streaming_content) == content  # stored as issued


def test_the_demo_pages_render_with_debug_off(client, settings, monkeypatch):
    monkeypatch.undo()  # the demo books around the real date
    settings.DEBUG = False
    call_command("seed_demo", stdout=io.StringIO())
    assert Appointment.objects.filter(state="missed").exists()
    assert Appointment.objects.filter(state="requested", green_channel=True).exists()
    for username in ("clerk", "leader", "manager"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("matters:appointments")).status_code == 200
        for a in Appointment.objects.all():
            for name in ("matters:appointment", "matters:appointment_slip"):
                assert client.get(reverse(name, args=[a.pk])).status_code == 200
    client.force_login(User.objects.get(username="clerk"))
    first = Appointment.objects.order_by("starts_at").first()
    page = client.get(reverse("matters:appointments"),
                      {"date": timezone.localtime(first.starts_at).date().isoformat()})
    assert first.number in page.content.decode()
    booking = client.get(reverse("matters:appointment_book"),
                         {"item": first.item_id, "day": timezone.localdate()})
    text = booking.content.decode()
    assert booking.status_code == 200 and ("空闲时段" in text or "不是工作日" in text)


def test_the_one_visibility_rule_agrees_with_can_view(personas, appt, zhaijidi):
    from matters.appointments.permissions import can_view_appointment
    from matters.appointments.queries import visible_appointments

    theirs = services.book_appointment(personas["other_clerk"], item=zhaijidi,
                                       party=appt.party, starts_at=moment(11))
    seen = {}
    for name, user in personas.items():
        visible = set(visible_appointments(user).values_list("pk", flat=True))
        for a in (appt, theirs):
            assert (a.pk in visible) == can_view_appointment(user, a), (name, a)
        seen[name] = visible
    assert seen["clerk"] == {appt.pk, theirs.pk}  # the window's staff
    assert seen["other_clerk"] == {theirs.pk}  # booked it, not at that window
    assert seen["leader"] == seen["manager"] == {appt.pk, theirs.pk}
    assert seen["handler"] == seen["engineer"] == seen["outsider"] == set()


def test_the_party_page_lists_the_citizens_appointments(client, clerk, handler, appt):
    client.force_login(clerk)
    page = client.get(reverse("party_detail", args=[appt.party_id])).content.decode()
    assert appt.number in page
    client.force_login(handler)
    page = client.get(reverse("party_detail", args=[appt.party_id])).content.decode()
    assert appt.number not in page


def _numbers(client, **query):
    import re

    page = client.get(reverse("matters:appointments"), query)
    assert page.status_code == 200
    return re.findall(r"YY-T\d{3}", page.content.decode())


def test_the_days_list_is_paged_in_time_order_at_a_fixed_query_count(
        client, clerk, appt, window, zhaijidi):
    """25 a page, in time order, the next page after; the 情形 comes with the rows
    (no query per row) and a step's form comes back to the page it was sent from."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from servicecenter.paging import PAGE_SIZE

    situation = zhaijidi.current_version.situations.get(name="新建")
    client.force_login(clerk)
    client.get(reverse("matters:appointments"))  # fills the per-process caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("matters:appointments"))
    for n in range(PAGE_SIZE + 5):  # 8:00 … 9:58, before appt (the list does not
        # check slots)
        Appointment.objects.create(
            number=f"YY-T{n:03d}", item=zhaijidi, situation=situation, window=window,
            party=PartyFactory(), starts_at=moment(8, 0) + datetime.timedelta(
                minutes=2 * (PAGE_SIZE + 5 - n)), ends_at=moment(18), booked_by=clerk)
    with CaptureQueriesContext(connection) as full:
        first = _numbers(client)
    assert len(full.captured_queries) == len(one.captured_queries)
    second = _numbers(client, page=2)
    expected = [f"YY-T{n:03d}" for n in reversed(range(PAGE_SIZE + 5))]
    assert first == expected[:PAGE_SIZE] and second == expected[PAGE_SIZE:]
    page = client.get(reverse("matters:appointments"), {"page": 2}).content.decode()
    assert appt.number in page and "（新建）" in page
    assert 'name="next" value="/matters/appointments/?page=2"' in page
