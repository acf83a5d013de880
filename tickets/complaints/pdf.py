"""PDF documents: 客户投诉处理单, 客户回访表, the monthly 回访报告."""

from servicecenter.pdf import current_issued, issue_document, issuer, render_pdf

from .records import describe

COMPLAINT_FORM = "complaint_form"


def _context(complaint) -> dict:
    # the stored copy is read by everyone who may view the complaint: masked ID
    from .services import complaint_followup

    return {"title": "客户投诉处理单", "number": complaint.number, "c": complaint,
            "related": describe(complaint.related),
            "followup": complaint_followup(complaint),
            "id_number": complaint.party.masked_id_number}


def complaint_pdf(complaint, user=None) -> bytes:
    """The form rendered now (the benchmark times this); pages serve the issued one."""
    return render_pdf("pdf/complaint_form.html", _context(complaint), record=complaint)


@issuer("tickets.complaint", COMPLAINT_FORM)
def issue_complaint_form(complaint, user):
    """客户投诉处理单 as the complaint stands, stored as issued."""
    return issue_document(complaint, COMPLAINT_FORM, "客户投诉处理单",
                          "pdf/complaint_form.html", _context(complaint), user)


def complaint_document(complaint, user):
    """The form as issued since the complaint last changed (issued now if none)."""
    return current_issued(complaint, COMPLAINT_FORM, user)


def revisit_pdf(revisit, user) -> bytes:
    return render_pdf("pdf/revisit_form.html", {
        "title": "客户回访表", "number": revisit.number, "r": revisit,
        "record": describe(revisit.record),
        "attempts": revisit.attempts.select_related("caller"),
        "complaint": getattr(revisit, "bad_rating_complaint", None),
    }, record=revisit)


def report_pdf(report) -> bytes:
    return render_pdf("pdf/revisit_report.html", {
        "title": f"回访报告（{report.month:%Y年%m月}）",
        "number": f"HFBG{report.month:%Y%m}", "report": report,
        "bars": report.total.rating_bars(),
    })
