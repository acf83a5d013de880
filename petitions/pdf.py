"""The petition's documents: one entry per form, rendered by servicecenter.pdf.

Notices to the petitioner (受理告知书, 不予受理告知书, 转送函, 延期告知书, 处理意见书)
are stored as issued; the 信访登记表 is an internal form rendered on demand.
"""

from dataclasses import dataclass

from django.utils import timezone

from servicecenter.deadlines import get_limit
from servicecenter.pdf import (
    issue_document,
    issued_types,
    issuer,
    latest_issued,
    render_pdf,
)

from .models.choices import State


@dataclass(frozen=True)
class Doc:
    title: str
    template: str
    issued: bool  # given to the petitioner, stored as issued
    states: tuple = ()  # states in which it can be (first) issued


DOCS = {
    "register": Doc("信访登记表", "pdf/petition_register.html", False),
    "acceptance": Doc("受理告知书", "pdf/petition_acceptance.html", True,
                      (State.ACCEPTED, State.IN_PROGRESS, State.RESULT_REPORTED)),
    "decline": Doc("不予受理告知书", "pdf/petition_decline.html", True,
                   (State.DECLINED,)),
    "transfer": Doc("信访事项转送函", "pdf/petition_transfer.html", True,
                    (State.TRANSFERRED,)),
    "extension": Doc("延期告知书", "pdf/petition_extension.html", True,
                     (State.ACCEPTED, State.IN_PROGRESS, State.RESULT_REPORTED)),
    "opinion": Doc("信访事项处理意见书", "pdf/petition_opinion.html", True,
                   (State.REPLIED, State.CLOSED, State.UNDER_REVIEW)),
}


def context(petition, doc_type: str) -> dict:
    doc = DOCS[doc_type]
    extension = (getattr(petition, "extension", None)
                 if doc_type == "extension" else None)
    return {
        "title": doc.title,
        "number": petition.number,
        "p": petition,
        "party": petition.party,
        "representatives": list(petition.representatives.all()),
        "extension": extension,
        "review_days": get_limit("petition", "review_window").amount,
        "today": timezone.localdate(),
    }


def render(petition, doc_type: str) -> bytes:
    return render_pdf(DOCS[doc_type].template, context(petition, doc_type),
                      record=petition)


def issue(petition, doc_type: str, user):
    doc = DOCS[doc_type]
    return issue_document(petition, doc_type, doc.title, doc.template,
                          context(petition, doc_type), user)


for _doc_type, _doc in DOCS.items():  # so a worker can issue them from the key alone
    if _doc.issued:
        issuer("petitions.petition", _doc_type)(
            lambda petition, user, doc_type=_doc_type: issue(petition, doc_type, user))


def can_issue(petition, doc_type: str) -> bool:
    doc = DOCS[doc_type]
    if doc_type == "extension":
        ext = getattr(petition, "extension", None)
        return ext is not None and ext.state == ext.State.APPROVED
    return petition.state in doc.states


def issued_or_issue(petition, doc_type: str, user):
    """The stored document; issued now if the after-commit step did not run."""
    existing = latest_issued(petition, doc_type)
    if existing is None and can_issue(petition, doc_type):
        existing = issue(petition, doc_type, user)
    return existing


def available(petition, issued: set[str] | None = None) -> list[dict]:
    """Documents the petition page offers: the register form, and issued notices.
    ``issued``: the types issued so far, when the caller has read them already."""
    from django.urls import reverse

    rows = []
    if issued is None:
        issued = issued_types(petition)  # one query, not one per document type
    for doc_type, doc in DOCS.items():
        if doc.issued and doc_type not in issued and not can_issue(petition, doc_type):
            continue
        url = reverse("petitions:document", args=[petition.pk, doc_type])
        rows.append({"title": doc.title, "url": url})
    return rows
