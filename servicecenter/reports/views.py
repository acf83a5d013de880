"""Dashboard and accountability report: page, CSV, PDF. Managers and leaders only."""


from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from ..csvexport import csv_response, csv_text
from . import charts
from .accountability import build_report, parse_month
from .dashboard import AGE_BUCKETS, build_dashboard
from .permissions import can_view_reports
from .processes import PROCESSES


def _authorize(request):
    if not can_view_reports(request.user):
        raise PermissionDenied


def _dashboard_charts(data) -> dict:
    on_time = [(f"{c['month'].month}月", c["rate"],
                f"办结 {c['handled']} 件，超期 {c['late']} 件")
               for c in data["on_time"]]
    ratings = [(f"{c['month'].month}月", c["avg"],
                f"评价 {c['n']} 个，差评 {c['bad']} 个")
               for c in data["satisfaction"]]
    return {
        "backlog": charts.stacked_bars(
            "在办件按受理时长", [(b.process.label, b.ages) for b in data["backlogs"]],
            AGE_BUCKETS),
        "on_time": charts.trend(
            "按期办结率（近12个月）", on_time, lo=0, hi=100, unit="%",
            ticks=[(0, "0%"), (50, "50%"), (100, "100%")]),
        "satisfaction": charts.trend(
            "平均满意度（近12个月，5 = 非常满意）", ratings, lo=1, hi=5, kind="line",
            ticks=[(v, str(v)) for v in range(1, 6)], colour="#2f7d4f"),
        "overdue": charts.hbars(
            "超期件按科室", [(r["name"], r["count"])
                             for r in data["overdue_departments"][:10]],
            empty="当前没有超期件"),
    }


DASHBOARD_SECONDS = 60  # the page says when its figures were counted (更新于)


def _dashboard_data() -> dict:
    """The figures are the same for every reader: counted once a minute, not once per
    visit (about 1 s of aggregates at a million records, 20 queries). Without Redis
    every visit counts them."""
    data = cache.get("reports:dashboard")
    if data is None:
        data = {k: v for k, v in build_dashboard().items() if k != "processes"}
        cache.set("reports:dashboard", data, DASHBOARD_SECONDS)
    return {**data, "processes": PROCESSES}


def dashboard(request):
    _authorize(request)
    data = _dashboard_data()
    data["charts"] = _dashboard_charts(data)
    data["first_month"] = data["on_time"][0]["month"]
    return render(request, "reports/dashboard.html", data)


def _report(request):
    _authorize(request)
    return build_report(parse_month(request.GET.get("month")))


def accountability(request):
    report = _report(request)
    return render(request, "reports/accountability.html", {
        "report": report, "month": report.month.strftime("%Y-%m")})


CSV_HEADER = ["维度", "名称", "所属科室", *(p.label for p in PROCESSES), "办结合计",
              "按期办结", "超期办结", "按期率(%)", "超期未办结", "超期工作日", "催办",
              "督办", "回访评价数", "平均满意度", "差评"]


def _csv_line(kind, name, department, f):
    return [kind, name, department, *f.handled_by_process,
            f.handled_total, f.on_time, f.late, _blank(f.on_time_rate), f.open_overdue,
            f.overdue_days, f.chase, f.escalation, f.rated, _blank(f.avg_rating), f.bad]


def _blank(value):
    return "" if value is None else value


def _report_lines(report):
    for line in report.departments:
        yield _csv_line("科室", line.name, "", line.figures)
    for line in report.people:
        yield _csv_line("人员", line.name, line.department, line.figures)
    yield _csv_line("合计", "合计", "", report.total)
    for section in report.sections:  # the apps' tables, each under its own heading
        yield []
        yield [section.title, section.head, *section.columns]
        for name, cells in section.rows:
            yield ["", name, *(_blank(v) for v in cells)]


def report_csv(report) -> str:
    return csv_text(CSV_HEADER, _report_lines(report))


def accountability_csv(request):
    report = _report(request)
    return csv_response(f"accountability-{report.month:%Y-%m}.csv", CSV_HEADER,
                        _report_lines(report))


def accountability_pdf(request):
    from servicecenter.pdf import render_pdf

    report = _report(request)
    pdf = render_pdf("pdf/report_accountability.html", {
        "title": f"责任追究考核表（{report.month.year}年{report.month.month}月）",
        "report": report})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="accountability-{report.month:%Y-%m}.pdf"')
    return response
