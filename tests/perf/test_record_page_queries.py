"""Record pages keep their query count however rich the record: a timeline of many
history rows, attachments, issued documents and log entries is read in the same
queries as a record with one history row (issue 22: at most 10 a page)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicecenter.models import Attachment, IssuedDocument
from tests.complaints.factories import make_revisit
from tests.factories import UserFactory
from tests.petitions.factories import Flow
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import ServiceTicketFactory
from tickets.models import ContactLog, RevisitAttempt, ServiceTicket, SparePartRecord

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def _enrich(record, clerk, n=4):
    """n more history rows, each by another person, n attachments and n documents."""
    for i in range(n):
        record._history_user = UserFactory(first_name=f"张员{i}", last_name="")
        record._change_reason = ""
        record.save()
    ct = ContentType.objects.get_for_model(record)
    for i in range(n):
        Attachment.objects.create(
            content_type=ct, object_id=record.pk, kind="document", file=f"a{i}.pdf",
            original_name=f"材料{i}.pdf", mime_type="application/pdf", size=10,
            uploaded_by=UserFactory(first_name=f"传{i}"))
        IssuedDocument.objects.create(
            content_type=ct, object_id=record.pk, doc_type=f"doc{i}",
            title=f"文书{i}", file=f"d{i}.pdf", issued_by=clerk)


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def _plain_then_rich(client, url, enrich) -> tuple[int, int, str]:
    _queries(client, url)  # the first view fills the per-process content-type cache
    plain, _ = _queries(client, url)
    enrich()
    rich, html = _queries(client, url)
    return plain, rich, html


def test_petition_page_queries_do_not_grow_with_its_timeline(
        client, clerk, leader, handler, department):
    p = Flow(clerk, leader, handler, department).petition("in_progress")
    client.force_login(clerk)
    plain, rich, html = _plain_then_rich(client, f"/petitions/{p.pk}/",
                                         lambda: _enrich(p, clerk))
    assert rich == plain <= MAX_QUERIES
    assert "材料3.pdf" in html and "文书3" in html
    assert html.count("张员") == 4  # each history row names its person


def test_service_ticket_page_queries_do_not_grow(client, clerk, engineer):
    ticket = ServiceTicketFactory(state=ServiceTicket.State.ASSIGNED, engineer=engineer)

    def enrich():
        _enrich(ticket, clerk)
        for i in range(4):
            ContactLog.objects.create(ticket=ticket, at=timezone.now(), channel="phone",
                                      summary=f"沟通{i}", author=clerk)
            SparePartRecord.objects.create(
                ticket=ticket, part_name=f"备件{i}", supplier="供应商",
                expected_date=timezone.localdate(), requested_by=engineer,
                requested_at=timezone.now())

    client.force_login(clerk)
    plain, rich, html = _plain_then_rich(client, f"/tickets/{ticket.pk}/", enrich)
    assert rich == plain <= MAX_QUERIES
    assert "沟通3" in html and "备件3" in html and "文书3" in html


def test_tablet_task_page_queries_do_not_grow(client, clerk, engineer):
    ticket = ServiceTicketFactory(state=ServiceTicket.State.ASSIGNED, engineer=engineer)
    client.force_login(engineer)
    plain, rich, _ = _plain_then_rich(client, f"/tickets/{ticket.pk}/tablet/",
                                      lambda: _enrich(ticket, clerk))
    assert rich == plain <= MAX_QUERIES


def test_repair_page_queries_do_not_grow(client, clerk, engineer):
    from repairs.models import RepairLogEntry

    order = RepairOrderFactory(state="repairing", engineer=engineer, received_by=clerk)

    def enrich():
        _enrich(order, clerk)
        for i in range(4):
            RepairLogEntry.objects.create(order=order, engineer=engineer,
                                          action=f"更换部件{i}")

    client.force_login(clerk)
    plain, rich, html = _plain_then_rich(client, f"/repairs/{order.pk}/", enrich)
    assert rich == plain <= MAX_QUERIES
    assert "更换部件3" in html


def test_call_page_queries_do_not_grow(client, clerk):
    revisit = make_revisit(user=clerk)

    def enrich():
        _enrich(revisit, clerk)
        for i in range(4):
            RevisitAttempt.objects.create(revisit=revisit, at=timezone.now(),
                                          band="上午", reached=False,
                                          notes=f"无人接听{i}", caller=clerk)

    client.force_login(clerk)
    plain, rich, html = _plain_then_rich(client, f"/tickets/revisits/{revisit.pk}/",
                                         enrich)
    assert rich == plain <= MAX_QUERIES
    assert "无人接听3" in html


def test_timeline_is_one_query_in_time_order(clerk, engineer,
                                              django_assert_num_queries):
    from servicecenter.timeline import build_timeline

    ticket = ServiceTicketFactory(state=ServiceTicket.State.ASSIGNED, engineer=engineer)
    _enrich(ticket, clerk, n=2)
    ticket._history_user = None  # a system step
    ticket._change_reason = ""
    ticket.save()
    build_timeline(ticket)  # fills the content-type cache
    with django_assert_num_queries(1):
        entries = build_timeline(ticket)
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert {e.kind for e in entries} == {"transition", "attachment", "document"}
    assert entries[-1].who == "系统" and entries[-1].label == "修改"
    documents = [e for e in entries if e.kind == "document"]
    assert [(d.remark, d.code) for d in documents] == [("文书0", "doc0"),
                                                       ("文书1", "doc1")]
    assert all(e.url for e in entries if e.kind == "attachment")
