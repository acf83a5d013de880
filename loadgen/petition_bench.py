"""Benchmark targets of the petition pages (``manage.py benchmark``)."""

from petitions import pdf
from petitions.models import Petition
from petitions.models.choices import Category, State
from servicecenter.models import Department

from .benchmark import Target, admin_search_targets, user_with_role


def _sample():
    return (Petition.objects.exclude(category=Category.ACCUSATION)
            .select_related("party").order_by("-id").first())


def targets(ctx):
    p = _sample()
    if p is None:
        return []
    clerk, leader = user_with_role("clerk"), user_with_role("leader")
    manager = user_with_role("manager")
    # the handler signing: a member of a department with petitions waiting to be signed
    dept = (Department.objects.filter(petitions__state=State.ACCEPTED,
                                      members__groups__name="handler")
            .order_by("pk").first())
    handler = dept.members.filter(groups__name="handler").order_by("pk").first() \
        if dept else user_with_role("handler")
    to_sign = list(Petition.objects.filter(state=State.ACCEPTED, department=dept)
                   .exclude(category=Category.ACCUSATION)
                   .order_by("-id").values_list("pk", flat=True)[:200])
    out = [
        Target("信访 list (clerk)", clerk, lambda i: ("GET", "/petitions/", None)),
        Target("信访 list ?state=in_progress", clerk,
               lambda i: ("GET", "/petitions/", {"state": State.IN_PROGRESS})),
        Target("信访 list ?due=overdue", clerk,
               lambda i: ("GET", "/petitions/", {"due": "overdue"})),
        Target("信访 search by phone", clerk,
               lambda i: ("GET", "/petitions/", {"q": p.party.phone})),
        Target("信访 search by number", clerk,
               lambda i: ("GET", "/petitions/", {"q": p.number})),
        Target("信访 record page", clerk,
               lambda i: ("GET", f"/petitions/{p.pk}/", None)),
        Target("信访 approvals (leader)", leader,
               lambda i: ("GET", "/petitions/approvals/", None)),
        Target("信访 department queue (handler)", handler,
               lambda i: ("GET", "/petitions/department/", None)),
        Target("admin petition changelist", manager,
               lambda i: ("GET", "/admin/petitions/petition/", None)),
        Target("admin petition ?state=closed", manager,
               lambda i: ("GET", "/admin/petitions/petition/",
                          {"state__exact": State.CLOSED})),
        *admin_search_targets("petition", "/admin/petitions/petition/", p, manager),
    ]
    if len(to_sign) >= 32:
        out.append(Target("信访 POST sign (handler)", handler, lambda i: (
            "POST", f"/petitions/{to_sign[i]}/sign/",
            {"expected_state": State.ACCEPTED}),
            expect=(302,)))
    return out


def pdfs(ctx):
    closed = (Petition.objects.filter(state=State.CLOSED)
              .exclude(category=Category.ACCUSATION).order_by("-id").first())
    p = _sample()
    if p is None:
        return []
    out = [("信访登记表", lambda: pdf.render(p, "register"))]
    if closed is not None:
        out.append(("信访事项处理意见书", lambda: pdf.render(closed, "opinion")))
    return out
