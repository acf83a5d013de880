"""The public service guide (事项公示): no login, because the law requires it public.

Only the catalogue is read here (items, their current version, its situations,
materials and forms), never an application, a party or a scan. Files are served
from the two catalogue fields that hold files meant for the public: a material's
sample/template (``Material.template``) and a form to fill in (``ItemForm.file``),
and only for the current version of an active item. Application scans are
``servicecenter.Attachment`` rows, which no view here can reach.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from servicecenter.models import Department, IssuedDocument
from servicecenter.paging import bounded_page

from ..models import ItemForm, ItemType, Material, ServiceItem

GUIDE_PAGE = 30
# what a download may be sent as; anything else is sent as a plain download
DOWNLOAD_TYPES = {".pdf": "application/pdf", ".doc": "application/msword",
                  ".docx": "application/vnd.openxmlformats-officedocument."
                           "wordprocessingml.document",
                  ".xls": "application/vnd.ms-excel",
                  ".xlsx": "application/vnd.openxmlformats-officedocument."
                           "spreadsheetml.sheet",
                  ".jpg": "image/jpeg", ".png": "image/png"}
# the upload folders of the two public file fields (catalogue.py's RandomName)
PUBLIC_PREFIXES = {"material": "templates/", "form": "forms/"}


def render_public(request, template: str, context: dict, section: str = "guide",
                  status: int = 200):
    """A public page: the centre's name and the section for the public layout."""
    return render(request, template, {"centre_name": settings.CENTRE_NAME,
                                      "section": section, **context}, status=status)


def published_items():
    """Active items with a current version: what the guide lists."""
    return ServiceItem.objects.filter(is_active=True, current_version__isnull=False)


def _filters(request) -> dict:
    q = request.GET.get("q", "").strip()[:50]
    dept = request.GET.get("department", "")
    kind = request.GET.get("type", "")
    return {"q": q, "department": int(dept) if dept.isdecimal() and len(dept) < 10
            else None, "type": kind if kind in ItemType.values else ""}


@login_not_required
@require_safe
def guide_list(request):
    f = _filters(request)
    qs = published_items().select_related("department", "window", "current_version")
    if f["q"]:
        qs = qs.filter(Q(name__icontains=f["q"]) | Q(code__iexact=f["q"]))
    if f["department"]:
        qs = qs.filter(department_id=f["department"])
    if f["type"]:
        qs = qs.filter(item_type=f["type"])
    page = bounded_page(request, qs.order_by("department__code", "code"), GUIDE_PAGE)
    departments = Department.objects.filter(
        pk__in=published_items().values("department_id")).order_by("code")
    return render_public(request, "matters/public/guide_list.html", {
        **page, "filters": f, "departments": departments,
        "types": ItemType.choices, "filtered": bool(f["q"] or f["department"]
                                                    or f["type"])})


def _item(code: str) -> ServiceItem:
    item = (published_items().select_related("department", "window",
                                             "current_version")
            .filter(code=code).first())
    if item is None:
        raise Http404("没有这个事项，或该事项已停止办理。")
    return item


def guide_context(item) -> dict:
    """Everything in the item's current version, materials grouped by situation."""
    version = item.current_version
    situations = list(version.situations.order_by("order", "id"))
    materials = list(version.materials.order_by("order", "id").prefetch_related(
        Prefetch("situations", to_attr="for_situations")))
    groups = [{"situation": None, "materials": materials}]
    if situations:
        groups = [{"situation": s, "materials": [
            m for m in materials
            if not m.for_situations or s in m.for_situations]} for s in situations]
    return {"item": item, "version": version, "situations": situations,
            "groups": groups, "forms": list(version.forms.order_by("id")),
            "steps": version.step_list, "limits": limits(version)}


def limits(version) -> dict:
    """The time limits in the guide's words (working days, or 当日/即办)."""
    days = "{}个工作日".format
    statutory = days(version.statutory_limit_days) if version.statutory_limit_days \
        else "—"
    if version.same_day:
        promised = "当日办结（即办）"
        if version.promised_limit_days:  # 当场 when complete, else the promise
            promised += f"；材料需核查的 {days(version.promised_limit_days)}"
    else:
        promised = days(version.promised_limit_days) if version.promised_limit_days \
            else "—"
    extension = "不可延期"
    if version.extension_allowed:
        extension = (f"可延期一次，不超过{days(version.extension_days)}，"
                     "须经主要领导批准，并书面告知申请人延期理由")
    return {"statutory": statutory, "promised": promised, "extension": extension,
            "note": version.limit_note}


@login_not_required
@require_safe
def guide_item(request, code):
    item = _item(code)
    return render_public(request, "matters/public/guide_item.html",
                         guide_context(item))


def _guide_pdf(request, item) -> bytes:
    """The version's guide sheet, rendered once and stored (IssuedDocument of the
    version): a version does not change (a change makes a new one), so every print
    of it is the same file, and a burst of downloads renders once."""
    from django.contrib.contenttypes.models import ContentType

    from servicecenter.pdf import qr_data_uri, render_pdf

    version = item.current_version
    ct = ContentType.objects.get_for_model(version)
    with transaction.atomic():
        type(version).objects.select_for_update().filter(pk=version.pk).first()
        stored = (IssuedDocument.objects.filter(content_type=ct, object_id=version.pk,
                                                doc_type="guide")
                  .order_by("-issued_at", "-id").first())
        if stored is not None:
            with stored.file.open("rb") as fh:
                return fh.read()
        url = request.build_absolute_uri(reverse("public:guide_item", args=[item.code]))
        pdf = render_pdf("pdf/matters_guide.html", {
            **guide_context(item), "title": "事项服务指南", "number": item.code,
            "qr": qr_data_uri(url), "guide_url": url})
        doc = IssuedDocument(content_type=ct, object_id=version.pk, doc_type="guide",
                             title=f"{item.name} 事项服务指南")
        doc.file.save(f"{item.code}-guide.pdf", ContentFile(pdf), save=False)
        doc.save()
    return pdf


@login_not_required
@require_safe
def guide_pdf(request, code):
    item = _item(code)
    response = HttpResponse(_guide_pdf(request, item), content_type="application/pdf")
    name = quote(f"{item.name}-服务指南-第{item.current_version.number}版.pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


def _public_file(kind: str, field_file, title: str):
    """A catalogue file as a download: only from its public folder, sent with a
    type from its extension and never rendered in the page's origin as HTML."""
    name = field_file.name if field_file else ""
    if not name or not name.startswith(PUBLIC_PREFIXES[kind]) or ".." in name:
        raise Http404
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    try:
        handle = field_file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=DOWNLOAD_TYPES.get(
        ext, "application/octet-stream"))
    download = quote(f"{title}{ext}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{download}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_safe
def material_template(request, code, pk):
    item = _item(code)
    material = Material.objects.filter(pk=pk,
                                       version_id=item.current_version_id).first()
    if material is None:
        raise Http404
    return _public_file("material", material.template, f"{material.name}（样表）")


@login_not_required
@require_safe
def form_file(request, code, pk):
    item = _item(code)
    form = ItemForm.objects.filter(pk=pk, version_id=item.current_version_id).first()
    if form is None:
        raise Http404
    return _public_file("form", form.file, form.name)
