"""Petitions in any state, built through the services as the staff would."""

import datetime

from django.utils import timezone

from petitions import services
from petitions.models.choices import Category, Channel, Outcome, ReviewDecision, Route
from tests.factories import PartyFactory

# state → (previous state, step); the step runs as the flow's personas
PATH = {
    "accepted": "registered",
    "declined": "registered",
    "transferred": "registered",
    "merged": "registered",
    "in_progress": "accepted",
    "result_reported": "in_progress",
    "replied": "result_reported",
    "under_review": "replied",
    "closed": "under_review",  # closed after 复查 (so 复核 is possible)
    "under_re_review": "closed",
    "concluded": "under_re_review",
}


class Flow:
    def __init__(self, clerk, leader, handler, department):
        self.clerk, self.leader = clerk, leader
        self.handler, self.department = handler, department

    def register(self, received_at=None, category=Category.DEMAND, party=None, **kw):
        data = {"channel": Channel.VISIT, "subject": "道路破损影响出行",
                "content": "村道路面塌陷，请求维修。", "place": "城关村"}
        data.update(kw)
        return services.register_petition(
            self.clerk, party=party or PartyFactory(), category=category,
            received_at=received_at or timezone.now(), **data)

    def petition(self, state="registered", **kw):
        if state == "registered":
            return self.register(**kw)
        p = self.petition(PATH[state], **kw)
        return getattr(self, f"_to_{state}")(p)

    def _to_accepted(self, p):
        handler = self.handler if p.is_confidential else None
        return services.accept_petition(p, self.leader,
                                        instruction="请社会事务办核实办理。",
                                        department=self.department, handler=handler)

    def _to_declined(self, p):
        return services.decline_petition(p, self.leader, reason="属于劳动争议。",
                                         route=Route.ARBITRATION)

    def _to_transferred(self, p):
        return services.transfer_petition(p, self.leader, receiving_body="县自然资源局")

    def _to_merged(self, p):
        original = self.register(party=p.party)
        return services.mark_duplicate_petition(p, self.clerk, original=original)

    def _to_in_progress(self, p):
        return services.sign_petition(p, self.handler)

    def _to_result_reported(self, p):
        return services.report_result_petition(
            p, self.handler, outcome=Outcome.SUPPORT,
            facts="经核实情况属实，已安排维修。",
            legal_basis="《公路法》第三十五条", actions="已派施工队。")

    def office(self, p):
        return self.leader if p.is_confidential else self.clerk

    def _to_replied(self, p):
        return services.reply_petition(p, self.office(p), method="书面答复")

    def _to_under_review(self, p):
        return services.request_review_petition(
            p, self.office(p), requested_on=timezone.localdate(),
            reviewing_body="县信访局")

    def _to_closed(self, p):
        return services.record_review_petition(p, self.office(p),
                                               decision=ReviewDecision.UPHOLD,
                                               opinion="原处理意见正确，予以维持。")

    def _to_under_re_review(self, p):
        return services.request_re_review_petition(
            p, self.office(p), requested_on=timezone.localdate(),
            reviewing_body="市信访局")

    def _to_concluded(self, p):
        return services.record_re_review_petition(p, self.office(p),
                                                  decision=ReviewDecision.UPHOLD,
                                                  opinion="维持复查意见。")


def local(y, m, d, hour=10):
    return datetime.datetime(y, m, d, hour, tzinfo=timezone.get_current_timezone())
