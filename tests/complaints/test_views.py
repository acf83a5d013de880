"""The pages: queue, registration, actions, call list and call screen, PDFs."""

import pytest
from django.urls import reverse

from tests.complaints.factories import make_complaint, make_revisit
from tickets.models import Complaint, Revisit

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


def test_clerk_registers_a_complaint_linked_to_a_record(client, clerk, party):
    client.force_login(clerk)
    assert client.get(reverse("tickets:complaint_create")).status_code == 200
    from django.contrib.contenttypes.models import ContentType

    from tests.tickets.factories import ServiceTicketFactory

    ticket = ServiceTicketFactory(party=party)  # a process record: a ticket
    ct = ContentType.objects.get_for_model(ticket)
    response = client.post(reverse("tickets:complaint_create"), {
        "source": "hotline", "party_id": party.pk, "subject": "维修太慢",
        "content": "等了一周", "related_ct": ct.pk, "related_id": ticket.pk})
    complaint = Complaint.objects.get()
    assert (response.status_code == 302
            and response["Location"] == complaint.get_absolute_url())
    assert complaint.related == ticket and complaint.registered_by == clerk
    page = _text(client.get(complaint.get_absolute_url()))
    assert complaint.number in page and "维修太慢" in page and "登记" in page


def test_registration_without_party_says_so_and_keeps_input(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("tickets:complaint_create"),
                           {"source": "hotline", "subject": "维修太慢",
                            "content": "等了一周"})
    assert response.status_code == 200
    assert "请先查找并选择投诉人" in _text(response) and "等了一周" in _text(response)
    assert not Complaint.objects.exists()


def test_queue_and_buttons_follow_the_role(client, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"],
                       responsible=personas["engineer"])
    client.force_login(personas["manager"])
    assert c.number in _text(client.get(reverse("tickets:complaint_list")))
    page = _text(client.get(c.get_absolute_url()))
    assert f"{c.get_absolute_url()}accept/" in page and "不予受理" in page
    client.force_login(personas["clerk"])
    assert f"{c.get_absolute_url()}accept/" not in _text(
        client.get(c.get_absolute_url()))


def test_manager_accepts_through_the_page(client, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"],
                       responsible=personas["engineer"])
    client.force_login(personas["manager"])
    url = f"{c.get_absolute_url()}accept/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"expected_state": "registered", "truthfulness": "true",
                                 "reasonableness": "partly",
                                 "responsible": personas["engineer"].pk})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == "accepted" and c.responsible == personas["engineer"]


def test_stale_action_shows_a_message_not_an_error(client, personas):
    c = make_complaint("accepted", clerk=personas["clerk"], manager=personas["manager"],
                       responsible=personas["engineer"])
    client.force_login(personas["manager"])
    response = client.post(f"{c.get_absolute_url()}reject/", {
        "expected_state": "registered", "reason": "r", "notified_how": "电话"},
        follow=True)
    assert response.status_code == 200 and "刚被他人处理" in _text(response)


def test_unknown_verb_is_404(client, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"],
                       responsible=personas["engineer"])
    client.force_login(personas["manager"])
    assert client.get(f"{c.get_absolute_url()}delete/").status_code == 404


def test_pages_refuse_people_without_a_role(client, outsider, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"],
                       responsible=personas["engineer"])
    r = make_revisit()
    client.force_login(outsider)
    for url in [reverse("tickets:complaint_list"), c.get_absolute_url(),
                reverse("tickets:revisit_list"), r.get_absolute_url(),
                reverse("tickets:revisit_report"), reverse("tickets:revisit_plan"),
                reverse("tickets:complaint_pdf", args=[c.pk])]:
        assert client.get(url).status_code == 403, url


def test_call_list_shows_due_calls_and_call_screen_shows_script(client, clerk,
                                                                questions):
    from django.utils import timezone

    r = make_revisit("service", timezone.now() - timezone.timedelta(days=12))
    r = Revisit.objects.get(pk=r.pk)
    client.force_login(clerk)
    lists = {}
    for name in ("due", "upcoming", "overdue"):
        lists[name] = r.number in _text(client.get(reverse("tickets:revisit_list"),
                                                   {"list": name}))
    assert sum(lists.values()) == 1  # in exactly one of the clerk's lists
    page = _text(client.get(r.get_absolute_url()))
    assert ("问题是否已经彻底解决" in page and r.party.name in page
            and "保存本次回访" in page)


def test_call_screen_records_an_attempt_in_one_submit(client, clerk, questions):
    r = make_revisit()
    client.force_login(clerk)
    data = {"expected_state": "scheduled", "reached": "yes", "rating": "2",
            "notes": "等待时间太长"}
    from tickets.models import RevisitQuestion

    q = RevisitQuestion.objects.filter(kind="service").first()
    data[f"q_{q.pk}"] = "基本解决"
    response = client.post(r.get_absolute_url(), data, follow=True)
    r.refresh_from_db()
    assert r.state == "completed" and r.rating == 2 and r.attempts.count() == 1
    assert {"q": q.text, "a": "基本解决"} in r.answers
    assert "差评已自动立案" in _text(response)


def test_call_screen_reached_without_rating_keeps_the_form(client, clerk):
    r = make_revisit()
    client.force_login(clerk)
    response = client.post(r.get_absolute_url(), {"expected_state": "scheduled",
                                                  "reached": "yes",
                                                  "notes": "说了很多"})
    assert response.status_code == 200 and "须选择满意度评价" in _text(response)
    assert "说了很多" in _text(response)


def test_manager_plans_calls_for_chosen_customers(client, manager):
    from tests.factories import PartyFactory

    a, b = PartyFactory(village="红星村"), PartyFactory(village="红星村")
    client.force_login(manager)
    page = _text(client.get(reverse("tickets:revisit_plan"), {"village": "红星村"}))
    assert a.name in page and b.name in page
    client.post(reverse("tickets:revisit_plan"), {"parties": [a.pk, b.pk],
                                                  "start": "2026-06-01",
                                                  "end": "2026-06-05"})
    assert Revisit.objects.filter(kind="care").count() == 2


def test_cancel_page(client, clerk):
    r = make_revisit()
    client.force_login(clerk)
    client.post(reverse("tickets:revisit_cancel", args=[r.pk]),
                {"expected_state": "scheduled", "reason": "客户已搬离"})
    r.refresh_from_db()
    assert r.state == "cancelled"


def test_workbench_and_party_page_show_complaints_and_calls(client, personas):
    c = make_complaint("registered", clerk=personas["clerk"],
                       manager=personas["manager"],
                       responsible=personas["engineer"])
    client.force_login(personas["manager"])
    assert "投诉待受理" in _text(client.get("/"))
    client.force_login(personas["clerk"])
    assert "今日回访" in _text(client.get("/"))
    page = _text(client.get(reverse("party_detail", args=[c.party.pk])))
    assert "投诉与回访" in page and c.number in page


def test_call_recorded_by_another_clerk_meanwhile_says_so(client, clerk):
    """Two clerks open the same due call; the second save is told, not refused."""
    from tickets import followups

    r = make_revisit()
    followups.record_attempt(r, clerk, reached=True, rating=5, notes="先打的一位",
                             expected_state="scheduled")
    client.force_login(clerk)
    response = client.post(r.get_absolute_url(), {"expected_state": "scheduled",
                                                  "reached": "no", "notes": "后打的"},
                           follow=True)
    r.refresh_from_db()
    assert response.status_code == 200 and r.state == "completed"
    assert [a.notes for a in r.attempts.all()] == ["先打的一位"]
    assert "该记录刚被他人处理" in _text(response)
