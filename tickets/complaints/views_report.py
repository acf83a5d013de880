"""回访报告 as a page with CSS bar charts, as CSV, as PDF."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from servicecenter.csvexport import csv_response
from servicecenter.reports.accountability import parse_month

from . import permissions as perms
from .report import CSV_HEADER, build_report, report_lines


def _report(request):
    if not perms.can_view_report(request.user):
        raise PermissionDenied
    return build_report(parse_month(request.GET.get("month")))


def revisit_report(request):
    report = _report(request)
    return render(request, "tickets/report_revisits.html", {
        "report": report, "month": report.month.strftime("%Y-%m"),
        "bars": report.total.rating_bars(),
    })


def revisit_report_csv(request):
    report = _report(request)
    return csv_response(f"revisit-report-{report.month:%Y-%m}.csv", CSV_HEADER,
                        report_lines(report))


def revisit_report_pdf(request):
    from .pdf import report_pdf

    report = _report(request)
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="revisit-report-{report.month:%Y-%m}.pdf"')
    return response
