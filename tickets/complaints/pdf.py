"""PDF documents: 客户投诉处理单, 客户回访表, the monthly 回访报告."""

from servicecenter.pdf import render_pdf

from .records import describe


def complaint_pdf(complaint, user) -> bytes:
    from .services import complaint_followup

    return render_pdf("pdf/complaint_form.html", {
        "title": "客户投诉处理单", "number": complaint.number, "c": complaint,
        "related": describe(complaint.related),
        "followup": complaint_followup(complaint),
        "id_number": complaint.party.id_number_for(user),
    })


def revisit_pdf(revisit, user) -> bytes:
    return render_pdf("pdf/revisit_form.html", {
        "title": "客户回访表", "number": revisit.number, "r": revisit,
        "record": describe(revisit.record),
        "attempts": revisit.attempts.select_related("caller"),
        "complaint": getattr(revisit, "bad_rating_complaint", None),
    })


def report_pdf(report) -> bytes:
    return render_pdf("pdf/revisit_report.html", {
        "title": f"回访报告（{report.month:%Y年%m月}）",
        "number": f"HFBG{report.month:%Y%m}", "report": report,
        "bars": report.total.rating_bars(),
    })
