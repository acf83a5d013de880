"""The 预约单 (appointment slip): the number, the item and its 情形, the window and
where it is, the time, and what to bring (the item guide's materials for the chosen
情形). Stored as issued: a reprint of an unchanged appointment is the same file, a
changed one (approved, cancelled) is issued anew."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from servicecenter.pdf import current_issued, issuer, qr_data_uri, render_pdf

MODEL = "matters.appointment"
SLIP = "slip"
TITLE = "预约单"
TEMPLATE = "pdf/matters_appointment.html"


def guide_url(item) -> str:
    """The item's public service guide (what the slip's QR code opens)."""
    try:
        path = reverse("public:guide_item", args=[item.code])
    except NoReverseMatch:  # the public pages are not mounted
        path = f"/guide/{item.code}/"
    return getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/") + path


def context(appt) -> dict:
    version = appt.item.current_version
    materials = list(version.materials_for(appt.situation)) if version else []
    url = guide_url(appt.item)
    return {"title": TITLE, "number": appt.number, "a": appt, "item": appt.item,
            "version": version, "window": appt.window, "party": appt.party,
            "materials": materials, "guide_url": url, "qr": qr_data_uri(url),
            "start": timezone.localtime(appt.starts_at),
            "end": timezone.localtime(appt.ends_at)}


def render(appt) -> bytes:
    return render_pdf(TEMPLATE, context(appt), record=appt)


@issuer(MODEL, SLIP)
def issue(appt, user):
    from servicecenter.pdf import issue_document

    return issue_document(appt, SLIP, TITLE, TEMPLATE, context(appt), user)


def slip(appt, user):
    """The slip as issued since the appointment last changed (issued now if none)."""
    return current_issued(appt, SLIP, user)
