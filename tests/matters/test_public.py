"""The public service guide (公示): no login, searchable, everything in the item's
current version, a printable PDF with an embedded CJK font, public files only,
nothing personal."""

import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from matters.models import ItemType, Material, State
from servicecenter.models import Attachment, IssuedDocument
from tests.factories import DepartmentFactory
from tests.pdfcheck import cjk_embedded

from .public_data import application, guide_item, window

pytestmark = pytest.mark.django_db


@pytest.fixture
def land(db):
    return DepartmentFactory(code="GTS", name="国土资源所", abbr="GT")


@pytest.fixture
def item(land):
    return guide_item(land, window=window(land), with_files=True)


def _text(response) -> str:
    return response.content.decode()


def test_guide_list_needs_no_login_and_shows_no_staff_navigation(client, item):
    response = client.get(reverse("public:guide"))
    assert response.status_code == 200
    page = _text(response)
    assert item.name in page and item.code in page and "国土资源所" in page
    assert "20个工作日" in page
    for staff_only in ("退出", "工作台", "查找群众或客户"):
        assert staff_only not in page


def test_guide_search_by_name_department_and_type(client, item):
    civil = DepartmentFactory(code="MZB", name="民政办", abbr="MZ")
    relief = guide_item(civil, name="城乡低保救助", serial=1,
                        item_type=ItemType.CONFIRMATION)
    url = reverse("public:guide")

    def names(**params):
        page = _text(client.get(url, params))
        return {n for n in (item.name, relief.name) if n in page}

    assert names() == {item.name, relief.name}
    assert names(q="低保") == {relief.name}
    assert names(q=item.code) == {item.name}
    assert names(department=civil.pk) == {relief.name}
    assert names(type=ItemType.PERMIT) == {item.name}
    assert names(type=ItemType.CONFIRMATION, department=land_pk(item)) == set()
    assert "没有符合条件的事项" in _text(client.get(url, {"q": "不存在的事项"}))


def land_pk(item):
    return item.department_id


def test_guide_ignores_bad_filter_values(client, item):
    response = client.get(reverse("public:guide"),
                          {"department": "abc", "type": "<b>", "page": "x"})
    assert response.status_code == 200 and item.name in _text(response)


def test_guide_hides_inactive_items(client, item):
    item.is_active = False
    item.save()
    assert item.name not in _text(client.get(reverse("public:guide")))
    response = client.get(reverse("public:guide_item", args=[item.code]))
    assert response.status_code == 404


def test_guide_item_shows_everything_in_the_current_version(client, item):
    page = _text(client.get(reverse("public:guide_item", args=[item.code])))
    for expected in ("行政许可", "国土资源所", "3号窗口", "承诺件", "30个工作日",
                     "20个工作日", "不超过10个工作日", "须经主要领导批准",
                     "《中华人民共和国土地管理法》第六十二条", "一户一宅",
                     "村委会公示七天", "复印件", "可容缺", "不收费",
                     "可依法申请行政复议", "0938-1234567", "镇便民服务中心一楼3号窗口",
                     "农村宅基地和建房（规划许可）申请表"):
        assert expected in page, expected
    rebuild, new = page.split("情形：翻建")[1].split("情形：新建")
    assert "旧房原始照片" in rebuild and "拟建位置原始照片" not in rebuild
    assert "拟建位置原始照片" in new and "旧房原始照片" not in new
    assert "申请人身份证" in rebuild and "申请人身份证" in new  # every situation


def test_guide_item_same_day_reads_dangri(client, land):
    item = guide_item(land, name="合作医疗证补发", serial=2, same_day=True,
                      promised_limit_days=None, statutory_limit_days=None,
                      extension_allowed=False)
    page = _text(client.get(reverse("public:guide_item", args=[item.code])))
    assert "当日办结（即办）" in page and "不可延期" in page


def test_guide_shows_nothing_personal(client, item):
    application(item, phone_tail="4321", number="BJ2026-00007")
    pages = [_text(client.get(reverse("public:guide"))),
             _text(client.get(reverse("public:guide_item", args=[item.code])))]
    for page in pages:
        assert "马秀兰" not in page and "4321" not in page
        assert "BJ2026-00007" not in page


def _pdf_text_and_fonts(tmp_path, pdf: bytes):
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    return text, fonts


def test_guide_pdf_has_the_guide_with_an_embedded_cjk_font(client, item, tmp_path):
    application(item, phone_tail="4321")
    response = client.get(reverse("public:guide_pdf", args=[item.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = _pdf_text_and_fonts(tmp_path, response.content)
    assert cjk_embedded(fonts), fonts
    flat = "".join(text.split())
    for expected in ("事项服务指南", item.name, "国土资源所", "承诺时限", "20个工作日",
                     "旧房原始照片", "相对人权利", "0938-1234567"):
        assert expected in flat, expected
    assert "马秀兰" not in flat and "4321" not in flat


def test_guide_pdf_is_stored_once_per_version(client, item):
    url = reverse("public:guide_pdf", args=[item.code])
    first = client.get(url).content
    second = client.get(url).content
    assert first == second
    ct = ContentType.objects.get_for_model(item.current_version)
    assert IssuedDocument.objects.filter(content_type=ct, doc_type="guide",
                                         object_id=item.current_version_id).count() == 1


def test_material_template_and_form_download_without_login(client, item):
    material = Material.objects.get(version=item.current_version, name="旧房原始照片")
    response = client.get(reverse("public:material_template",
                                  args=[item.code, material.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 sample\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    form = item.current_version.forms.get()
    response = client.get(reverse("public:form_file", args=[item.code, form.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 form\n"


def test_downloads_never_reach_an_application_scan(client, item, clerk):
    app = application(item, state=State.RECEIVED)
    scan = Attachment(content_type=ContentType.objects.get_for_model(app),
                      object_id=app.pk, kind="scan", original_name="身份证.jpg",
                      mime_type="image/jpeg", size=5, uploaded_by=clerk)
    scan.file.save("scan.jpg", ContentFile(b"JFIF!"), save=True)
    material = Material.objects.get(version=item.current_version, name="申请人身份证")
    # no template of its own: nothing to download, whatever the pk
    url = reverse("public:material_template", args=[item.code, material.pk])
    assert client.get(url).status_code == 404
    # a catalogue file pointed at the scan's stored name is refused by its folder
    material.template.name = scan.file.name
    material.save()
    assert client.get(url).status_code == 404
    # the scan's own pk, asked as a material or a form of the item: nothing
    for name in ("public:material_template", "public:form_file"):
        assert client.get(reverse(name, args=[item.code, scan.pk + 1000])
                          ).status_code == 404


def test_downloads_only_from_the_current_version_of_the_item(client, item, land):
    other = guide_item(land, name="林权证申请", serial=3, with_files=True)
    material = Material.objects.get(version=other.current_version, name="旧房原始照片")
    # the right material asked under another item's code
    url = reverse("public:material_template", args=[item.code, material.pk])
    assert client.get(url).status_code == 404


def test_unknown_item_is_a_chinese_404(client, item):
    response = client.get(reverse("public:guide_item", args=["62052400GT-XK-9999"]))
    assert response.status_code == 404
