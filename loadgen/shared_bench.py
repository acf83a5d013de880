"""Benchmark targets of the shared pages (see loadgen.benchmark)."""

from servicecenter import workqueue
from servicecenter.models import Party
from servicecenter.pdf import render_pdf

from .benchmark import Target, user_with_role


def shared_targets(ctx):
    clerk = user_with_role("clerk")
    admin_user = user_with_role("manager")
    party = Party.objects.order_by("-pk").first()
    if party is None:
        return []
    return [
        Target("工作台 (clerk)", clerk, lambda i: ("GET", "/", None)),
        # under load someone else's transition has just dropped the cached lists
        Target("工作台 (clerk), after another's transition", clerk,
               lambda i: (workqueue.bump(), ("GET", "/", None))[1]),
        Target("search party by phone", clerk,
               lambda i: ("GET", "/parties/", {"q": party.phone})),
        Target("party page", clerk, lambda i: ("GET", f"/parties/{party.pk}/", None)),
        Target("admin party changelist", admin_user,
               lambda i: ("GET", "/admin/servicecenter/party/", None)),
    ]


def shared_pdfs(ctx):
    party = Party.objects.order_by("-pk").first()
    if party is None:
        return []
    return [("群众/客户档案卡", lambda: render_pdf("pdf/party_card.html", {
        "title": "群众/客户档案卡", "number": f"P{party.pk:06d}", "party": party,
        "id_number": party.masked_id_number, "sections": []}))]
