"""The complaint form is stored as issued; a reopened complaint handled again gets a
second follow-up call."""

import pytest
from django.urls import reverse

from servicecenter.pdf import issued_documents
from tests.complaints.factories import finish_followup, make_complaint
from tickets.complaints import services
from tickets.models import Revisit

pytestmark = pytest.mark.django_db


def _people(personas):
    return {"clerk": personas["clerk"], "manager": personas["manager"],
            "responsible": personas["engineer"]}


def _pdf(client, c):
    response = client.get(reverse("tickets:complaint_pdf", args=[c.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_complaint_form_is_stored_as_issued_and_reprinted_unchanged(client, personas):
    c = make_complaint("handled", **_people(personas))
    client.force_login(personas["clerk"])
    first = _pdf(client, c)
    docs = list(issued_documents(c))
    assert len(docs) == 1 and docs[0].doc_type == "complaint_form"
    assert docs[0].issued_by == personas["clerk"]
    assert _pdf(client, c) == first and issued_documents(c).count() == 1
    services.report_complaint(c, personas["clerk"], reported_to="刘主管")
    _pdf(client, c)  # the complaint moved on: the form as it now stands is issued
    assert issued_documents(c).count() == 2


def test_reopened_complaint_handled_again_gets_a_second_followup(personas):
    people = _people(personas)
    c = make_complaint("reported", followup="completed", **people)
    first = services.complaint_followup(c)
    assert first.round == 1 and first.state == Revisit.State.COMPLETED
    c = services.reopen_complaint(c, personas["manager"], reason="回访不满意，重办")
    c = services.handle_complaint(c, personas["engineer"], cause="再次核查",
                                  actions="更换工程师", result="客户认可")
    calls = list(Revisit.objects.filter(kind="complaint", record_id=c.pk)
                 .order_by("round"))
    assert [(r.round, r.state) for r in calls] == [
        (1, Revisit.State.COMPLETED), (2, Revisit.State.SCHEDULED)]
    assert services.complaint_followup(c) == calls[1]
    # archiving waits for the second call, then goes through
    c = services.report_complaint(c, personas["clerk"], reported_to="刘主管")
    finish_followup(calls[1], personas["clerk"], "completed")
    c = services.archive_complaint(c, personas["clerk"])
    assert c.state == "archived"
