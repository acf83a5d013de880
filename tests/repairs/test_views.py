import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from repairs.models import RepairOrder
from servicecenter.models import Party
from tests.factories import PartyFactory
from tests.repairs.conftest import png_upload, signature_data_url

pytestmark = pytest.mark.django_db

DEVICE = {"device_type": "笔记本电脑", "brand": "联想", "model_name": "E14",
          "serial_number": "SN-1", "purchase_date": "2025-06-01",
          "warranty_months": "12",
          "accessories": "电源", "appearance": "划痕", "configuration": "8G",
          "fault_description": "不开机"}


def test_intake_creates_party_and_order_and_offers_receipt(client, clerk):
    client.force_login(clerk)
    data = {**DEVICE, "party-kind": "person", "party-name": "新客户",
            "party-phone": "13912345678", "photos": [png_upload()]}
    response = client.post(reverse("repairs:intake"), data)
    order = RepairOrder.objects.get()
    assert response.status_code == 302 and order.party.name == "新客户"
    page = client.get(response["Location"]).content.decode()
    assert "打印接收回执" in page and order.number in page
    pdf = client.get(reverse("repairs:receipt_pdf", args=[order.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_intake_with_existing_party_and_bad_input_keeps_data(client, clerk):
    party = PartyFactory()
    client.force_login(clerk)
    response = client.post(reverse("repairs:intake"), {**DEVICE, "party_id": party.pk,
                                                       "accessories": ""})
    assert response.status_code == 200
    assert ("这个字段是必填项" in response.content.decode()
            or "必填" in response.content.decode())
    assert "联想" in response.content.decode()
    response = client.post(reverse("repairs:intake"), {**DEVICE, "party_id": party.pk})
    assert RepairOrder.objects.get().party == party
    assert Party.objects.count() == 1


def test_intake_refuses_engineer(client, engineer):
    client.force_login(engineer)
    assert client.get(reverse("repairs:intake")).status_code == 403


def test_list_filters_and_outsider_refused(client, clerk, outsider, make_order,
                                           engineer,
                                           other_engineer):
    mine = make_order(state="repairing", engineer=engineer)
    make_order(state="repairing", engineer=other_engineer)
    client.force_login(clerk)
    page = client.get(reverse("repairs:list"),
                      {"engineer": engineer.pk}).content.decode()
    assert mine.number in page and page.count("WX2026-") == 1
    late = make_order(state="assigned",
                      due_at=timezone.now() - datetime.timedelta(days=1))
    page = client.get(reverse("repairs:list"), {"overdue": "on"}).content.decode()
    assert late.number in page and mine.number not in page and "已超期" in page
    client.force_login(outsider)
    assert client.get(reverse("repairs:list")).status_code == 403


def test_detail_shows_only_permitted_actions(client, clerk, engineer, make_order):
    order = make_order(state="received")
    client.force_login(clerk)
    page = client.get(order.get_absolute_url()).content.decode()
    assert reverse("repairs:assign", args=[order.pk]) in page
    assert reverse("repairs:cancel", args=[order.pk]) in page
    client.force_login(engineer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert reverse("repairs:assign", args=[order.pk]) not in page


def test_assign_via_page_and_stale_form_is_told(client, clerk, engineer, make_order):
    order = make_order(state="received", engineer=None)
    client.force_login(clerk)
    url = reverse("repairs:assign", args=[order.pk])
    response = client.post(url, {"expected_state": "received", "engineer": engineer.pk})
    assert response.status_code == 302
    assert RepairOrder.objects.get(pk=order.pk).state == "assigned"
    response = client.post(url, {"expected_state": "received", "engineer": engineer.pk},
                           follow=True)
    assert "刚被他人处理" in response.content.decode()


def test_wrong_person_gets_message_not_500(client, other_engineer, make_order):
    order = make_order(state="assigned")
    client.force_login(other_engineer)
    response = client.post(reverse("repairs:start_diagnosis", args=[order.pk]),
                           {"expected_state": "assigned"}, follow=True)
    assert response.status_code == 200 and "没有权限" in response.content.decode()


def test_deliver_page_has_signature_pad_and_closes(client, clerk, make_order,
                                                   django_capture_on_commit_callbacks):
    order = make_order(state="ready", reinspection_result="合格")
    client.force_login(clerk)
    url = reverse("repairs:deliver", args=[order.pk])
    page = client.get(url).content.decode()
    assert "data-signature-pad" in page and "vendor/signature_pad/" in page
    response = client.post(url, {"expected_state": "ready", "signer_name": "张三",
                                 "confirmed": "on", "signature": ""}, follow=True)
    assert "请客户在签名板上签名" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"expected_state": "ready", "signer_name": "张三",
                                     "confirmed": "on",
                                     "signature": signature_data_url()})
    assert response.status_code == 302
    order = RepairOrder.objects.get(pk=order.pk)
    assert order.state == "closed" and order.signer_name == "张三"
    assert client.get(reverse("repairs:pickup_pdf", args=[order.pk])).status_code == 200


def test_bench_lists_my_orders_and_adds_log_entry_and_photo(client, engineer,
                                                            make_order):
    order = make_order(state="repairing")
    client.force_login(engineer)
    page = client.get(reverse("repairs:bench")).content.decode()
    assert order.number in page and "body class=\"tablet\"" in page.replace("'", '"')
    page = client.get(reverse("repairs:bench_order", args=[order.pk])).content.decode()
    assert 'accept="image/*"' in page and "capture" in page
    client.post(reverse("repairs:log_entry", args=[order.pk]),
                {"action": "更换电池", "part_name": "电池", "old_serial": "B1",
                 "new_serial": "B2"})
    assert order.log_entries.get().new_serial == "B2"
    client.post(reverse("repairs:photo", args=[order.pk]), {"photo": png_upload()})
    assert "photo.png" in client.get(order.get_absolute_url()).content.decode()


def test_send_out_via_page_then_followup_due_in_queue(client, clerk, make_order,
                                                      vendor):
    order = make_order(state="awaiting_dispatch")
    client.force_login(clerk)
    today = timezone.localdate()
    response = client.post(reverse("repairs:send_out", args=[order.pk]), {
        "expected_state": "awaiting_dispatch", "vendor": vendor.pk,
        "contact_person": "孙",
        "contact_note": "已预约", "handover_date": today, "receipt_no": "R-1",
        "receipt_photo": png_upload(),
        "expected_return": today + datetime.timedelta(days=5),
        "first_followup_on": today})
    assert response.status_code == 302
    page = client.get(reverse("repairs:list"), {"followup_due": "on"}).content.decode()
    assert order.number in page and "计时暂停" in page
    dispatch = order.dispatches.get()
    client.post(reverse("repairs:followup", args=[dispatch.pk]), {
        "on": today, "contact": "孙", "answer": "等配件",
        "next_followup_on": today + datetime.timedelta(days=3)})
    page = client.get(reverse("repairs:list"), {"followup_due": "on"}).content.decode()
    assert order.number not in page
    assert "等配件" in client.get(order.get_absolute_url()).content.decode()
    slip = client.get(reverse("repairs:dispatch_pdf", args=[dispatch.pk]))
    assert slip.status_code == 200


def test_workbench_counts_and_party_section(client, clerk, engineer, make_order):
    order = make_order(state="received")
    make_order(state="diagnosing")
    client.force_login(clerk)
    page = client.get("/").content.decode()
    assert "维修：待派工" in page
    page = client.get(reverse("party_detail", args=[order.party.pk])).content.decode()
    assert "维修服务单" in page and order.number in page
    client.force_login(engineer)
    assert "我的维修" in client.get("/").content.decode()
