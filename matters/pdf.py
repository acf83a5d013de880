"""The application's documents (办件文书), rendered by servicecenter.pdf and stored
as issued: 一次性告知书, 受理通知书（回执）, 不予受理决定书, 延期告知书, 办理决定书,
办结告知书.

Each prints the item as the application was accepted under it (``application.version``),
never the item's current version. The service guide (事项服务指南) is the public side's.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from servicecenter.pdf import (
    issue_document,
    issued_types,
    issuer,
    latest_issued,
    qr_data_uri,
    render_pdf,
)

MODEL = "matters.application"
# the types the services issue after commit (matters.services.documents), and the
# 办结告知书, issued when the applicant is told (on first print)
CORRECTION = "correction_notice"
ACCEPTANCE = "acceptance"
REFUSAL = "refusal"
EXTENSION = "extension"
DECISION = "decision"
RESULT = "result"


@dataclass(frozen=True)
class Doc:
    title: str
    template: str
    ready: str  # name of the check (below) that says it can be issued now


DOCS = {
    CORRECTION: Doc("一次性告知书", "pdf/matters_correction.html", "has_problems"),
    ACCEPTANCE: Doc("受理通知书（受理回执）", "pdf/matters_acceptance.html",
                    "is_accepted"),
    REFUSAL: Doc("不予受理决定书", "pdf/matters_refusal.html", "is_refused"),
    EXTENSION: Doc("延期告知书", "pdf/matters_extension.html", "is_extended"),
    DECISION: Doc("办理决定书", "pdf/matters_decision.html", "is_decided"),
    RESULT: Doc("办结告知书", "pdf/matters_result.html", "is_informed"),
}
VILLAGE_RECEIPT = "village_receipt"  # levels: printed at the village on 送镇受理
DOCS[VILLAGE_RECEIPT] = Doc("村级受理回执", "pdf/matters_village_receipt.html",
                            "is_sent_to_town")


def lookup_url(application) -> str:
    """The public status lookup (办件查询) with the number filled in: what the QR code
    on the receipt opens. Absolute when ``PUBLIC_BASE_URL`` is set."""
    try:
        path = reverse("public:lookup")
    except NoReverseMatch:  # the public pages are not mounted (yet)
        path = "/lookup/"
    base = getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{path}?{urlencode({'no': application.number})}"


def approved_extension(application):
    from .models import ApplicationExtension

    return ApplicationExtension.objects.filter(
        application=application, state=ApplicationExtension.State.APPROVED).first()


def problem_materials(application) -> list:
    return [am for am in application.materials.select_related("material").order_by(
        "material__order", "material_id") if am.problem]


def context(application, doc_type: str) -> dict:
    doc = DOCS[doc_type]
    version = application.version
    ctx = {
        "title": doc.title, "number": application.number, "a": application,
        "party": application.party, "version": version, "item": application.item,
        "materials": list(application.materials.select_related("material").order_by(
            "material__order", "material_id")),
        "problems": problem_materials(application),
        "stages": list(application.special_stages.order_by("started_at")),
        "extension": approved_extension(application),
        "today": timezone.localdate(),
        "late": bool(application.decided_at and application.promised_due_at
                     and application.decided_at > application.promised_due_at),
    }
    if doc_type == VILLAGE_RECEIPT:  # the stages so far and the item's whole chain
        from .services.levels import segments

        ctx["levels"] = list(application.levels.select_related(
            "received_by").order_by("order"))
        ctx["chain"] = segments(version, application.situation)
    # every letter the applicant takes home opens the status lookup from its QR code
    ctx["lookup"] = lookup_url(application)
    ctx["qr"] = qr_data_uri(ctx["lookup"])
    return ctx


def render(application, doc_type: str) -> bytes:
    """The document as it would be issued now (not stored)."""
    return render_pdf(DOCS[doc_type].template, context(application, doc_type),
                      record=application)


def issue(application, doc_type: str, user):
    doc = DOCS[doc_type]
    return issue_document(application, doc_type, doc.title, doc.template,
                          context(application, doc_type), user)


for _doc_type in DOCS:  # so a worker can issue them from the record's key alone
    issuer(MODEL, _doc_type)(
        lambda application, user, doc_type=_doc_type: issue(application, doc_type,
                                                            user))


NOT_GIVEN = object()


def can_issue(application, doc_type: str, extension=NOT_GIVEN) -> bool:
    """Whether the record holds what the document states (checked on the record,
    not by comparing states here: the model answers). ``extension``: the
    application's extension row (or None) when the caller has it already."""
    check = DOCS[doc_type].ready
    if check == "has_problems":
        return application.notice_issued_at is not None
    if check == "is_accepted":
        return application.accepted_at is not None
    if check == "is_refused":
        return application.refused_at is not None
    if check == "is_extended":
        if extension is NOT_GIVEN:
            return approved_extension(application) is not None
        return extension is not None and extension.state == extension.State.APPROVED
    if check == "is_sent_to_town":
        return application.sent_to_town_at is not None
    if check == "is_decided":
        return application.decided_at is not None
    return application.informed_at is not None


def issued_or_issue(application, doc_type: str, user):
    """The stored document; issued now if the after-commit step did not run."""
    existing = latest_issued(application, doc_type)
    if existing is None and can_issue(application, doc_type):
        existing = issue(application, doc_type, user)
    return existing


def available(application, issued=None, extension=NOT_GIVEN) -> list[dict]:
    """The documents the record page offers: those issued (``issued``: their types,
    when the caller has them), or that can be now."""
    issued = issued_types(application) if issued is None else issued
    rows = []
    for doc_type, doc in DOCS.items():
        if doc_type in issued or can_issue(application, doc_type, extension):
            rows.append({"type": doc_type, "title": doc.title, "issued":
                         doc_type in issued,
                         "url": reverse("matters:document",
                                        args=[application.pk, doc_type])})
    return rows
