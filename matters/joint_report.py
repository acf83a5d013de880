"""并联审批 in the monthly accountability report (责任追究考核): per consulted
department, the opinions whose limit fell in the month, answered in time, late, and
超时默认 (counted against the department). One grouped query."""

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from servicecenter.registry import ReportSection

from .models import JointOpinion

OP = JointOpinion.State
COLUMNS = ("征求意见", "按时回复", "逾期回复", "超时默认", "其中不同意", "尚未回复",
           "按时率(%)")
NOTE = ("联办件各联办部门的并联审批意见，按回复期限计入当月。按时回复 = 期限内同意或"
        "不同意；逾期回复 = 期限后、超时默认前回复；超时默认 = 逾期未回复、按超时默认制"
        "记为默认同意（报中心办公室，计入该部门考核）；按时率 = 按时回复 ÷ 征求意见。")


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(),
                                     timezone.get_current_timezone())


def _cells(r) -> list:
    n = r["n"]
    return [n, r["in_time"], r["late"], r["defaulted"], r["refusals"], r["pending"],
            round(100 * r["in_time"] / n, 1) if n else None]


KEYS = ("n", "in_time", "late", "defaulted", "refusals", "pending")


def joint_sections(start, end) -> list[ReportSection]:
    answered = Q(state__in=[OP.AGREED, OP.REFUSED])
    rows = list(JointOpinion.objects.filter(
        due_at__gte=_midnight(start), due_at__lt=_midnight(end)).order_by().values(
        "department_id", "department__name", "department__code").annotate(
        n=Count("pk"),
        in_time=Count("pk", filter=answered & Q(answered_at__lte=F("due_at"))),
        late=Count("pk", filter=answered & Q(answered_at__gt=F("due_at"))),
        defaulted=Count("pk", filter=Q(state=OP.DEFAULTED)),
        refusals=Count("pk", filter=Q(state=OP.REFUSED)),
        pending=Count("pk", filter=Q(state=OP.PENDING))))
    if not rows:
        return []
    rows.sort(key=lambda r: r["department__code"])
    body = [(r["department__name"], _cells(r)) for r in rows]
    body.append(("合计", _cells({k: sum(r[k] for r in rows) for k in KEYS})))
    return [ReportSection(title="并联审批（按联办部门）", head="联办部门",
                          columns=COLUMNS, rows=body, note=NOTE)]
