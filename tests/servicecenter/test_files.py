"""Stored files in production (DEBUG off): one file view that applies the record's
visibility rule, random names on disk, whole-file upload checks, and a storage that
fails without a 500."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from petitions import services as petition_services
from petitions.models import Petition
from petitions.models.choices import Category
from servicecenter.files import file_url
from servicecenter.models import Attachment, Party
from servicecenter.validators import validate_upload
from tests.factories import PartyFactory
from tests.files import JPEG, PDF, PNG
from tests.petitions.factories import Flow

pytestmark = pytest.mark.django_db

NAME = "来信扫描件（张三）.pdf"
HTML_AS_PDF = (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script>"
               b"</body></html>\n")


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.MEDIA_X_ACCEL_REDIRECT_PREFIX = ""


@pytest.fixture
def flow(clerk, leader, handler, department):
    return Flow(clerk, leader, handler, department)


def _upload(data=PDF, name=NAME):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _confidential(flow, leader):
    petition = flow.petition("accepted", category=Category.ACCUSATION)
    return petition, petition_services.attach(petition, leader, _upload(), "document")


def test_file_download_debug_off_gives_exact_bytes_to_a_permitted_user(client, flow,
                                                                        clerk):
    petition = flow.register(scan=_upload())
    attachment = Attachment.objects.get(object_id=petition.pk)
    response = _get(client, clerk, file_url("attachment", attachment.pk))
    assert response.status_code == 200 and _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=utf-8''%E6%9D%A5%E4%BF%A1" in disposition
    # stored under a random name; the citizen's name is data
    assert attachment.original_name == NAME and "张三" not in attachment.file.name
    stored = attachment.file.name
    assert stored.startswith("attachments/") and stored.endswith(".pdf")
    # no /media/ route in production: every file goes through the checking view
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_file_download_refused_to_users_who_may_not_see_the_record(
        client, flow, other_handler, outsider):
    petition = flow.register(scan=_upload())
    url = file_url("attachment", Attachment.objects.get(object_id=petition.pk).pk)
    assert _get(client, other_handler, url).status_code == 404
    assert _get(client, outsider, url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def _page(response) -> str:
    """The page without its per-request CSRF token (the menu's logout form)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "",
                  response.content.decode())


def test_confidential_petition_file_only_for_leader_and_assigned_handler(
        client, flow, leader, handler, manager, clerk):
    petition, attachment = _confidential(flow, leader)
    url = file_url("attachment", attachment.pk)
    root = User.objects.create_superuser("root", "root@example.com", "x")
    for user in (manager, root, clerk):
        refused = _get(client, user, url)
        missing = _get(client, user, file_url("attachment", attachment.pk + 1000))
        # the same answer as for a file that does not exist: nothing leaks
        assert refused.status_code == 404 == missing.status_code
        assert _page(refused) == _page(missing)
    for user in (handler, leader):
        response = _get(client, user, url)
        assert response.status_code == 200 and _body(response) == PDF
    assert petition.handler == handler


def test_x_accel_redirect_hands_the_file_to_nginx(client, flow, clerk, settings):
    settings.MEDIA_X_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    petition = flow.register(scan=_upload())
    attachment = Attachment.objects.get(object_id=petition.pk)
    response = _get(client, clerk, file_url("attachment", attachment.pk))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_header_followed_by_html_is_refused_in_chinese(client, flow, clerk):
    petition = flow.register()
    client.force_login(clerk)
    response = client.post(reverse("petitions:attach", args=[petition.pk]),
                           {"file": _upload(HTML_AS_PDF, "报告.pdf")}, follow=True)
    assert "不是有效的 PDF" in response.content.decode()
    assert Attachment.objects.count() == 0
    with pytest.raises(ValidationError, match="不是有效的 PDF"):
        validate_upload(_upload(HTML_AS_PDF))


def test_image_header_followed_by_junk_is_refused():
    with pytest.raises(ValidationError, match="图片"):
        validate_upload(_upload(PNG[:16] + b"<html></html>" * 10, "x.png"))
    with pytest.raises(ValidationError, match="图片"):
        validate_upload(_upload(b"\xff\xd8\xff\xe0" + b"0" * 100, "x.jpg"))


def test_real_pdf_png_and_jpeg_are_accepted(client, flow, clerk):
    assert validate_upload(_upload(PDF)) == "application/pdf"
    assert validate_upload(_upload(PNG, "a.png")) == "image/png"
    assert validate_upload(_upload(JPEG, "a.jpg")) == "image/jpeg"
    petition = flow.register()
    client.force_login(clerk)
    client.post(reverse("petitions:attach", args=[petition.pk]),
                {"file": _upload(PNG, "现场照片.png")})
    photo = Attachment.objects.get()
    assert photo.mime_type == "image/png" and photo.file.name.endswith(".png")
    response = client.get(file_url("attachment", photo.pk))
    assert response.status_code == 200 and _body(response) == PNG
    assert response["Content-Type"] == "image/png"


def _register_new_party(client, clerk):
    client.force_login(clerk)
    return client.post(reverse("petitions:register"), {
        "party_id": "", "party-kind": "person", "party-name": "新群众王五",
        "party-phone": "13512345678", "channel": "letter", "category": "demand",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "subject": "水渠破损影响灌溉", "content": "红星村3组水渠破损。", "headcount": 1,
        "place": "红星村", "representatives": "", "scan": _upload()})


def _assert_nothing_saved_and_form_kept(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert "文件未能保存" in page and "均未保存" in page
    assert "水渠破损影响灌溉" in page and "新群众王五" in page
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0
    assert not Party.objects.filter(name="新群众王五").exists()


def test_unwritable_media_folder_keeps_the_form_and_saves_nothing(client, clerk,
                                                                  settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"  # NotADirectoryError on every save
    _assert_nothing_saved_and_form_kept(_register_new_party(client, clerk))


def test_storage_permission_error_keeps_the_form_and_saves_nothing(client, clerk):
    # tests run as root, where chmod does not stop writes: the storage refuses instead
    with mock.patch.object(FileSystemStorage, "_save",
                           side_effect=PermissionError(13, "Permission denied")):
        _assert_nothing_saved_and_form_kept(_register_new_party(client, clerk))


def test_repair_intake_with_unwritable_media_saves_no_order(client, clerk, settings,
                                                            tmp_path):
    from repairs.models import RepairOrder
    from tests.repairs.test_views import DEVICE

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    client.force_login(clerk)
    response = client.post(reverse("repairs:intake"), {
        **DEVICE, "party-kind": "person", "party-name": "维修新客户",
        "party-phone": "13912345678", "photos": [_upload(PNG, "初验.png")]})
    page = response.content.decode()
    assert response.status_code == 200 and "文件未能保存" in page
    assert "维修新客户" in page
    assert RepairOrder.objects.count() == 0
    assert not Party.objects.filter(name="维修新客户").exists()


def test_repair_intake_photo_opens_through_the_file_view(client, clerk, outsider):
    from repairs import services as repair_services
    from tests.repairs.test_services import DEVICE

    order = repair_services.receive_repair(
        clerk, PartyFactory(), photos=[_upload(PNG, "初验.png")], **DEVICE)
    photo = Attachment.objects.get(object_id=order.pk)
    page = _get(client, clerk, order.get_absolute_url()).content.decode()
    assert file_url("attachment", photo.pk) in page and "/media/" not in page
    assert _body(client.get(file_url("attachment", photo.pk))) == PNG
    assert _get(client, outsider, file_url("attachment", photo.pk)).status_code == 404


def _ready_order(clerk, engineer, other_engineer):
    from repairs import services as repair_services
    from tests.repairs.test_services import _receive, _to_diagnosed

    order = _to_diagnosed(_receive(clerk), clerk, engineer)
    order = repair_services.start_repair(order, engineer)
    repair_services.add_log_entry(order, engineer, action="更换定影膜", part_name="",
                                  old_serial="", new_serial="", result="打印正常")
    order = repair_services.finish_repair(order, engineer)
    return repair_services.pass_reinspection(order, other_engineer,
                                             checklist="打印测试页", result="合格")


def test_pickup_signature_storage_failure_is_a_refusal_and_signature_opens_after(
        client, clerk, engineer, other_engineer, outsider):
    from repairs import services as repair_services
    from servicecenter.transitions import TransitionRefused
    from tests.repairs.conftest import signature_data_url

    order = _ready_order(clerk, engineer, other_engineer)
    deliver = dict(signer_name="张建国", signature=signature_data_url(), confirmed=True)
    with mock.patch.object(FileSystemStorage, "_save", side_effect=OSError(28, "full")):
        with pytest.raises(TransitionRefused, match="文件未能保存"):
            repair_services.deliver_order(order, clerk, **deliver)
    order.refresh_from_db()
    assert order.state == "ready" and not order.signature
    order = repair_services.deliver_order(order, clerk, **deliver)
    url = file_url("repair-signature", order.pk)
    assert url in _get(client, clerk, order.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert _get(client, outsider, url).status_code == 404


def test_dispatch_receipt_and_ticket_signature_follow_their_record(
        client, clerk, engineer, other_engineer, outsider):
    import datetime

    from django.core.files.base import ContentFile

    from repairs.models import ExternalDispatch
    from tests.repairs.factories import RepairOrderFactory, VendorFactory
    from tests.tickets.factories import ServiceTicketFactory
    from tickets.models import Signature

    away = RepairOrderFactory(state="at_vendor", engineer=engineer, received_by=clerk)
    dispatch = ExternalDispatch(
        order=away, seq=1, vendor=VendorFactory(), contact_person="孙经理",
        contacted_at=timezone.now(), contact_note="已联系", receipt_no="R001",
        handover_date=timezone.localdate(), sent_by=clerk,
        expected_return=timezone.localdate() + datetime.timedelta(days=7))
    dispatch.receipt_photo.save("r.png", ContentFile(PNG), save=True)  # type unknown
    response = _get(client, clerk, file_url("receipt", dispatch.pk))
    assert _body(response) == PNG and response["Content-Type"] == "image/png"
    assert file_url("receipt", dispatch.pk) in client.get(
        away.get_absolute_url()).content.decode()
    assert _get(client, outsider, file_url("receipt", dispatch.pk)).status_code == 404

    ticket = ServiceTicketFactory(state="assigned", engineer=engineer)
    signature = Signature(record=ticket, role="customer", signer_name="张先生",
                          signed_at=timezone.now(), captured_by=engineer)
    signature.image.save("sig.png", ContentFile(PNG), save=True)
    for url in (file_url("signature", signature.pk),
                reverse("tickets:signature", args=[signature.pk])):
        assert _body(_get(client, engineer, url)) == PNG
        assert _get(client, other_engineer, url).status_code == 404
