"""来电/来访登记: one short form, passed on with one notice, searched by phone."""

import pytest
from django.urls import reverse

from servicecenter.models import Enquiry, Notification, Window
from servicecenter.once import new_token
from tests.repairs.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db
URL = "/enquiries/"


@pytest.fixture
def window2(other_clerk):
    window = Window.objects.create(number=2, name="技术服务受理")
    window.staff.add(other_clerk)
    return window


def _post(client, **data):
    form = {"channel": "phone", "caller": "马丽", "phone": "13800138004",
            "matter": "询问补贴材料", "answer": "", "target": "", "case_number": "",
            "submit_token": new_token()}
    form.update(data)
    return client.post(URL, form, follow=True)


def test_log_an_answered_call(client, clerk):
    client.force_login(clerk)
    page = _post(client, answer="已一次性告知所需材料")
    assert "已登记：马丽。" in page.content.decode()
    entry = Enquiry.objects.get()
    assert entry.received_by == clerk and not entry.passed_on
    assert "询问补贴材料" in client.get(URL).content.decode()
    assert not Notification.objects.exists()


def test_passing_it_on_tells_the_window_once(
        client, clerk, other_clerk, window2, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    token = new_token()
    with django_capture_on_commit_callbacks(execute=True):
        page = _post(client, target=f"w:{window2.pk}", submit_token=token)
        _post(client, target=f"w:{window2.pk}", submit_token=token)  # resent
    assert "已转告2号窗口（技术服务受理）" in page.content.decode()
    assert Enquiry.objects.count() == 1
    notices = Notification.objects.filter(kind="enquiry")
    assert [n.recipient for n in notices] == [other_clerk]
    entry = Enquiry.objects.get()
    assert notices[0].url == reverse("enquiry_detail", args=[entry.pk])
    client.force_login(other_clerk)
    assert "询问补贴材料" in client.get(notices[0].url).content.decode()


def test_an_enquiry_that_became_a_case_links_to_it(client, clerk):
    order = RepairOrderFactory(received_by=clerk)
    client.force_login(clerk)
    _post(client, case_number=order.number.lower())
    entry = Enquiry.objects.get()
    assert entry.case == order and entry.case_number == order.number
    page = client.get(reverse("enquiry_detail", args=[entry.pk])).content.decode()
    assert reverse("repairs:detail", args=[order.pk]) in page


@pytest.mark.parametrize("data, message", [
    ({"caller": ""}, "请填写来电/来访人姓名。"),
    ({"matter": ""}, "请填写反映事项。"),
    ({"phone": "abc"}, "电话号码格式不正确"),
    ({}, "请填写答复情况，或选择转告给谁，或填写已立案编号。"),
    ({"case_number": "WX2026-99999"}, "未找到编号为「WX2026-99999」的记录"),
    ({"target": "w:abc"}, "请从列表中选择窗口、科室或人员。"),
])
def test_bad_input_is_told_and_kept(client, clerk, data, message):
    client.force_login(clerk)
    page = _post(client, **{"matter": "询问补贴材料", **data}).content.decode()
    assert message in page
    assert not Enquiry.objects.exists()
    if data.get("caller") != "":
        assert 'value="马丽"' in page  # nothing lost


def test_search_by_phone(client, clerk):
    client.force_login(clerk)
    _post(client, answer="已答复")
    _post(client, caller="王德明", phone="13800138003", answer="已答复")
    page = client.get(URL, {"phone": "138-0013-8003"}).content.decode()
    assert "王德明" in page and "马丽" not in page


def test_who_sees_the_log(client, clerk, handler, outsider, department):
    client.force_login(clerk)
    _post(client, answer="已答复")
    _post(client, caller="李秀英", target=f"d:{department.pk}")
    client.force_login(handler)
    page = client.get(URL).content.decode()
    assert "李秀英" in page and "马丽" not in page  # only what was passed to him
    answered = Enquiry.objects.get(caller="马丽")
    assert client.get(reverse("enquiry_detail", args=[answered.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
