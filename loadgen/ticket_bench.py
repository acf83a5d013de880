"""Benchmark targets of service tickets, complaints and follow-up calls."""

from django.db.models import Count

from tickets.complaints import pdf as complaint_pdf
from tickets.models import Complaint, Revisit, ServiceTicket
from tickets.service import pdf as service_pdf

from .benchmark import Target, admin_search_targets, user_with_role

T = ServiceTicket.State


def _with_phone(model):
    return (model.objects.select_related("party").exclude(party__phone="")
            .order_by("-id").first())


def service_targets(ctx):
    t = ServiceTicket.objects.select_related("party").order_by("-id").first()
    if t is None:
        return []
    clerk, manager = user_with_role("clerk"), user_with_role("manager")
    busiest = (ServiceTicket.objects.filter(state=T.ASSIGNED).values("engineer")
               .annotate(n=Count("id")).order_by("-n").first())
    out = [
        Target("服务单 queue (clerk)", clerk, lambda i: ("GET", "/tickets/", None)),
        Target("服务单 queue ?state=new", clerk,
               lambda i: ("GET", "/tickets/", {"state": T.NEW})),
        Target("服务单 queue ?overdue=on", clerk,
               lambda i: ("GET", "/tickets/", {"overdue": "on"})),
        Target("服务单 record page", clerk,
               lambda i: ("GET", f"/tickets/{t.pk}/", None)),
        Target("疑难案件 list (manager)", manager,
               lambda i: ("GET", "/tickets/cases/", None)),
        Target("admin serviceticket changelist", manager,
               lambda i: ("GET", "/admin/tickets/serviceticket/", None)),
        Target("admin serviceticket ?state=closed", manager, lambda i: (
            "GET", "/admin/tickets/serviceticket/", {"state__exact": T.CLOSED})),
        Target("admin difficultcase changelist", manager,
               lambda i: ("GET", "/admin/tickets/difficultcase/", None)),
        *admin_search_targets("serviceticket", "/admin/tickets/serviceticket/",
                              _with_phone(ServiceTicket), manager),
    ]
    if busiest:
        from django.contrib.auth.models import User

        engineer = User.objects.get(pk=busiest["engineer"])
        assigned = list(ServiceTicket.objects
                        .filter(state=T.ASSIGNED, engineer=engineer)
                        .order_by("-id").values_list("pk", flat=True)[:200])
        mine = assigned[-1]
        out += [
            Target("工程师 我的任务 (tablet)", engineer,
                   lambda i: ("GET", "/tickets/my/", None)),
            Target("工程师 task page (tablet)", engineer,
                   lambda i: ("GET", f"/tickets/{mine}/tablet/", None)),
        ]
        if len(assigned) >= 32:
            out.append(Target("服务单 POST start (engineer)", engineer, lambda i: (
                "POST", f"/tickets/{assigned[i]}/start/",
                {"expected_state": T.ASSIGNED}), expect=(302,)))
    return out


def service_pdfs(ctx):
    t = ServiceTicket.objects.filter(state=T.CLOSED).order_by("-id").first()
    return [("技术服务任务单", lambda: service_pdf.task_form_pdf(t))] if t else []


def complaint_targets(ctx):
    c = Complaint.objects.select_related("party").order_by("-id").first()
    r = Revisit.objects.order_by("-id").first()
    if c is None or r is None:
        return []
    clerk, manager = user_with_role("clerk"), user_with_role("manager")
    handled = list(Complaint.objects.filter(state=Complaint.State.HANDLED)
                   .order_by("-id").values_list("pk", flat=True)[:200])
    out = [
        Target("投诉 list (clerk)", clerk,
               lambda i: ("GET", "/tickets/complaints/", None)),
        Target("投诉 list ?queue=all", clerk,
               lambda i: ("GET", "/tickets/complaints/", {"queue": "all"})),
        Target("投诉 search by phone", clerk, lambda i: (
            "GET", "/tickets/complaints/", {"queue": "all", "q": c.party.phone})),
        Target("投诉 search by number", clerk, lambda i: (
            "GET", "/tickets/complaints/", {"queue": "all", "q": c.number})),
        Target("投诉 record page", clerk,
               lambda i: ("GET", f"/tickets/complaints/{c.pk}/", None)),
        Target("回访 call list (due)", clerk,
               lambda i: ("GET", "/tickets/revisits/", None)),
        Target("回访 call list ?list=done", clerk,
               lambda i: ("GET", "/tickets/revisits/", {"list": "done"})),
        Target("回访 call page", clerk,
               lambda i: ("GET", f"/tickets/revisits/{r.pk}/", None)),
        Target("admin complaint changelist", manager,
               lambda i: ("GET", "/admin/tickets/complaint/", None)),
        Target("admin revisit changelist", manager,
               lambda i: ("GET", "/admin/tickets/revisit/", None)),
    ]
    if len(handled) >= 32:
        out.append(Target("投诉 POST report (clerk)", clerk, lambda i: (
            "POST", f"/tickets/complaints/{handled[i]}/report/",
            {"expected_state": Complaint.State.HANDLED, "reported_to": "中心主任"}),
            expect=(302,)))
    return out


def complaint_pdfs(ctx):
    clerk = user_with_role("clerk")
    c = Complaint.objects.filter(state=Complaint.State.ARCHIVED).order_by("-id").first()
    r = Revisit.objects.filter(state=Revisit.State.COMPLETED).order_by("-id").first()
    out = []
    if c:
        out.append(("客户投诉处理单", lambda: complaint_pdf.complaint_pdf(c, clerk)))
    if r:
        out.append(("客户回访记录", lambda: complaint_pdf.revisit_pdf(r, clerk)))
    return out
