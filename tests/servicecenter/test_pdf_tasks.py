"""Documents issued to citizens go through Celery when a broker is configured:
queued after commit, retried on failure, issued once however often they run."""

import pytest

from petitions import services as petitions
from repairs import pdf as repair_pdf
from servicecenter import pdf as pdf_module
from servicecenter.models import IssuedDocument
from servicecenter.pdf import schedule_issue
from servicecenter.tasks import issue_pdf
from tests.petitions.factories import Flow
from tests.repairs.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, monkeypatch):
    """A configured broker; tasks are recorded instead of sent."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    sent = []
    monkeypatch.setattr(issue_pdf, "delay", lambda *args: sent.append(args))
    return sent


def _docs(record, doc_type):
    return IssuedDocument.objects.filter(object_id=record.pk, doc_type=doc_type)


def test_with_a_broker_the_document_is_queued_not_rendered_in_the_request(queued,
                                                                          clerk):
    order = RepairOrderFactory(received_by=clerk)
    schedule_issue(order, repair_pdf.RECEIPT, clerk)
    assert not _docs(order, repair_pdf.RECEIPT).exists()
    [(label, pk, doc_type, user_id, since)] = queued
    assert (label, pk, doc_type, user_id) == ("repairs.repairorder", order.pk,
                                              "repair_receipt", clerk.pk)
    first = issue_pdf.apply(args=queued[0]).get()
    again = issue_pdf.apply(args=queued[0]).get()  # a redelivered task
    assert first == again
    [doc] = _docs(order, repair_pdf.RECEIPT)
    assert doc.issued_by == clerk and doc.file.read().startswith(b"%PDF-")


def test_a_failed_render_is_retried_and_issues_once(queued, clerk, monkeypatch):
    order = RepairOrderFactory(received_by=clerk)
    schedule_issue(order, repair_pdf.RECEIPT, clerk)
    real, calls = pdf_module.render_pdf, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("字体文件暂时不可读")
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "render_pdf", flaky)
    monkeypatch.setattr(issue_pdf, "retry_backoff", False)
    result = issue_pdf.apply(args=queued[0])
    assert len(calls) == 2 and result.successful(), result.traceback
    assert _docs(order, repair_pdf.RECEIPT).count() == 1


def test_downloaded_before_the_worker_ran_is_not_issued_twice(
        queued, clerk, leader, handler, department, client,
        django_capture_on_commit_callbacks):
    petition = Flow(clerk, leader, handler, department).petition("registered")
    with django_capture_on_commit_callbacks(execute=True):
        petitions.accept_petition(petition, leader, instruction="请核实办理。",
                                  department=department, expected_state="registered")
    [args] = queued
    assert args[:3] == ("petitions.petition", petition.pk, "acceptance")
    client.force_login(leader)
    page = client.get(f"/petitions/{petition.pk}/documents/acceptance/")
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    issue_pdf.apply(args=args).get()  # the worker comes later
    assert _docs(petition, "acceptance").count() == 1


def test_a_new_change_calling_for_the_document_issues_it_again(queued, clerk):
    order = RepairOrderFactory(received_by=clerk)
    schedule_issue(order, repair_pdf.RECEIPT, clerk)
    issue_pdf.apply(args=queued[0]).get()
    order._change_reason = "edit"
    order.save()  # a later change (e.g. a second acceptance after a return)
    schedule_issue(order, repair_pdf.RECEIPT, clerk)
    issue_pdf.apply(args=queued[1]).get()
    assert _docs(order, repair_pdf.RECEIPT).count() == 2


def test_without_a_broker_it_is_issued_in_process(settings, clerk):
    settings.CELERY_BROKER_URL = ""
    order = RepairOrderFactory(received_by=clerk)
    schedule_issue(order, repair_pdf.RECEIPT, clerk)
    assert _docs(order, repair_pdf.RECEIPT).count() == 1


def test_a_record_deleted_before_the_worker_ran_is_skipped(queued, clerk):
    order = RepairOrderFactory(received_by=clerk)
    schedule_issue(order, repair_pdf.RECEIPT, clerk)
    order.delete()
    assert issue_pdf.apply(args=queued[0]).get() is None


def test_an_unreachable_broker_issues_in_process(settings, clerk, monkeypatch, caplog):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    def down(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(issue_pdf, "delay", down)
    order = RepairOrderFactory(received_by=clerk)
    with caplog.at_level("WARNING", logger="servicecenter.pdf"):
        schedule_issue(order, repair_pdf.RECEIPT, clerk)
    assert _docs(order, repair_pdf.RECEIPT).count() == 1
    # one line naming the cause, not a traceback per document while the broker is down
    [warned] = [r for r in caplog.records if "broker unreachable" in r.getMessage()]
    assert "broker down" in warned.getMessage() and warned.exc_info is None
