"""The transitions between levels (村 → 镇 → 县 → 镇), mixed into ``Application``.

Like ``flow.py`` each method only sets fields on the application; the services in
``matters.services.levels`` run them through ``run_transition`` and write the
``ApplicationStage`` rows around them in the same transaction.
"""

from django.utils import timezone
from django_fsm import transition

from servicecenter.transitions import condition, fsm_permission, require

from .. import permissions as perms
from .choices import State

S = State


@condition("该事项的层级链中没有县（区）级审批环节，由镇办结。")
def has_county_level(app) -> bool:
    from .choices import Level

    known = getattr(app, "county_level", None)  # read with the record page's query
    if known is None:
        version = app.version  # asked by both the buttons and the blocked list
        if not hasattr(version, "_has_county"):
            version._has_county = version.levels.filter(level=Level.COUNTY).exists()
        known = version._has_county
    return known


class LevelsFlow:
    @transition(field="state", source=S.VILLAGE, target=S.TO_TOWN,
                permission=fsm_permission(perms.can_send_to_town_application),
                custom={"label": "送镇受理"})
    def send_to_town(self, *, user, opinion="", due=None):
        """village → to_town; the village's 村代办员; records the 村受理意见 (on the
        village stage) and when it was sent; the village prints the 受理回执. The
        town has ``due`` (TimeLimit matter/town_receive) to 接收."""
        require(村受理意见=opinion.strip())
        self.sent_to_town_at = timezone.now()
        self._set_due(due.due if due else None, bool(due and due.provisional))

    @transition(field="state", source=S.TO_TOWN, target=S.RECEIVED,
                permission=fsm_permission(perms.can_receive_from_village_application),
                custom={"label": "接收"})
    def receive_from_village(self, *, user):
        """to_town → received; a town clerk; the clerk becomes the application's
        first receiver at the centre (the village's 村代办员 stays on the village
        stage) and the 一次性告知 runs 2 working days from now."""
        self.first_receiver = user
        self.set_notice_due(timezone.now())

    @transition(field="state", source=S.HANDLING, target=S.COUNTY,
                permission=fsm_permission(perms.can_send_to_county_application),
                conditions=[has_county_level],
                custom={"label": "送县审批"})
    def send_to_county(self, *, user, opinion="", due=None):
        """handling → county; the handler or a town clerk; records the 镇审核意见 (on
        the town stage). The county is an outside body: the town chases it by phone
        and its stage deadline (``due``) is the application's while it is there."""
        require(镇审核意见=opinion.strip())
        self._set_due(due.due if due else None, bool(due and due.provisional))

    @transition(field="state", source=S.COUNTY, target=S.DECIDED,
                permission=fsm_permission(perms.can_record_county_decision_application),
                custom={"label": "登记县级审批结果"})
    def record_county_decision(self, *, user, outcome="", decision_text="",
                               due=None):
        """county → decided; a town clerk or the handler; records the county's
        准予/不予 and its decision (the document is on the county stage); the town
        issues within its last stage's limit (``due``, 1 working day)."""
        require(审批决定内容=decision_text.strip())
        self._decide(user, outcome, decision_text)
        if due is not None:
            self.inform_due_at = due.due
            self._set_due(due.due, due.provisional)
