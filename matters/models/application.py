"""办件: an application for a service item, from the window's intake to delivery.

The state field is protected: a state changes only through the transitions of
``ApplicationFlow`` (flow.py), run by ``matters.services`` through
``servicecenter.transitions.run_transition``. The clock below is the one declaration
of what is open, paused and overdue.
"""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField

from servicecenter.clock import Owner, ProcessClock
from servicecenter.extension import ExtensionRequest
from servicecenter.models import Department, Party, Window, history

from .. import permissions as perms
from .catalogue import ItemVersion, Material, ServiceItem, Situation
from .choices import (
    OPEN_STATES,
    WINDOW_STATES,
    Channel,
    DeliveryMethod,
    InformChannel,
    Outcome,
    StageKind,
    State,
)
from .flow import ApplicationFlow
from .levels import Village
from .levels_flow import LevelsFlow

S = State


def _user_fk(label, related="+"):
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=label,
                             on_delete=models.PROTECT, null=True, blank=True,
                             related_name=related)


def _when(label):
    return models.DateTimeField(label, null=True, blank=True)


class Application(ConcurrentTransitionMixin, ApplicationFlow, LevelsFlow,
                  models.Model):
    number = models.CharField("办件编号", max_length=20, unique=True)
    state = FSMField("状态", default=S.RECEIVED, choices=S.choices, protected=True)
    # received: the 一次性告知 is owed within 2 working days; accepted → review: the
    # promise (承诺时限), paused while a 特殊环节 runs; decided: the 办结告知.
    clock = ProcessClock(
        open=OPEN_STATES,
        paused=[S.SPECIAL],
        stage={S.VILLAGE: "village", S.TO_TOWN: "town_receive", S.COUNTY: "county",
               S.RECEIVED: "notice", S.ACCEPTED: "handle", S.HANDLING: "handle",
               S.REVIEW: "handle", S.DECIDED: "inform"},
        # levels: the 村代办员 (first receiver at the village), any town clerk to
        # 接收, the town clerk who received it while the county decides
        responsible={S.VILLAGE: "first_receiver", S.TO_TOWN: Owner(role="clerk"),
                     S.COUNTY: "first_receiver",
                     S.RECEIVED: "first_receiver",
                     S.ACCEPTED: Owner("handler", "department"),
                     S.HANDLING: Owner("handler", "department"),
                     S.SPECIAL: Owner("handler", "department"),
                     S.REVIEW: Owner(department="department"),
                     S.DECIDED: "first_receiver"},
        done=[S.DECIDED, S.NOTIFIED, S.CLOSED],
    )
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.PROTECT,
                             related_name="applications")
    version = models.ForeignKey(ItemVersion, verbose_name="事项版本",
                                on_delete=models.PROTECT, related_name="applications")
    situation = models.ForeignKey(Situation, verbose_name="办理情形", null=True,
                                  blank=True, on_delete=models.PROTECT,
                                  related_name="applications")
    party = models.ForeignKey(Party, verbose_name="申请人", on_delete=models.PROTECT,
                              related_name="applications")
    channel = models.CharField("申请渠道", max_length=10, choices=Channel.choices,
                               default=Channel.WINDOW)
    first_receiver = _user_fk("首问收件人")
    window = models.ForeignKey(Window, verbose_name="受理窗口", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="applications")
    received_at = models.DateTimeField("收件时间")
    # levels: the applicant's village (the service point that took it, or a village
    # resident's application taken at the town) and when it was sent to town
    village = models.ForeignKey(Village, verbose_name="所属村（社区）", null=True,
                                blank=True, on_delete=models.PROTECT,
                                related_name="applications")
    sent_to_town_at = _when("送镇时间")
    department = models.ForeignKey(Department, verbose_name="承办科室",
                                   on_delete=models.PROTECT,
                                   related_name="applications")
    handler = _user_fk("承办人", "handled_applications")
    # 一次性告知: on the spot or within 2 working days of receipt
    notice_due_at = _when("告知期限")
    notice_issued_at = _when("告知书出具时间")
    accepted_at = _when("受理时间")
    accepted_by = _user_fk("受理人")
    promised_due_at = _when("承诺办结期限")
    # 容缺: the latest promised date of a waived material still owed
    waiver_due_at = _when("容缺补交期限")
    inform_due_at = _when("办结告知期限")
    paused_days = models.PositiveSmallIntegerField("特殊环节（工作日）", default=0)
    extension_days = models.PositiveSmallIntegerField("延期天数", default=0)
    due_at = _when("当前期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    # set by the deadline sweep (servicecenter.sweep), never by a transition
    marked_overdue = models.BooleanField("已超期", default=False, editable=False)
    opinion = models.TextField("承办意见", blank=True)
    send_back_reason = models.TextField("退回理由", blank=True)
    outcome = models.CharField("办理结果", max_length=10, choices=Outcome.choices,
                               blank=True)
    decision_text = models.TextField("决定内容", blank=True)
    decided_at = _when("办结时间")
    decided_by = _user_fk("审批人")
    refusal_reason = models.TextField("不予受理理由", blank=True)
    refusal_basis = models.TextField("法律依据", blank=True)
    remedy = models.TextField("救济途径", blank=True)
    refused_at = _when("不予受理时间")
    inform_channel = models.CharField("告知方式", max_length=10, blank=True,
                                      choices=InformChannel.choices)
    informed_at = _when("告知时间")
    delivery_method = models.CharField("送达方式", max_length=10, blank=True,
                                       choices=DeliveryMethod.choices)
    delivered_at = _when("送达时间")
    withdraw_reason = models.TextField("撤回理由", blank=True)
    withdrawn_at = _when("撤回时间")
    phone_tail = models.CharField("电话后四位", max_length=4, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "办件"
        ordering = ["-received_at", "-id"]
        indexes = [
            # with what the 台账's ?overdue page sorts by: the ~15,000 overdue 办件
            # at 1M are read from the index alone (no visit of their rows: 20 ms
            # -> 5 ms) and sorted by received_at for the page
            models.Index(fields=["state", "due_at"], include=["received_at", "id"],
                         name="matter_state_due_incl_idx"),
            models.Index(fields=["state", "received_at", "id"],
                         name="matter_state_received_idx"),
            # the department queue (views.queries.department_queue_arms): each
            # arm's nearest deadlines in (due_at, id) order straight off the index;
            # without the id a busy handler's ~8,000 handling 办件 at 1M were
            # fetched and sorted for each page (18 ms an arm)
            models.Index(fields=["department", "state", "due_at", "id"],
                         name="matter_dept_queue_idx"),
            models.Index(fields=["handler", "state", "due_at", "id"],
                         name="matter_handler_queue_idx"),
            # a person's applications in one state, nearest deadline first (工作台's
            # 待送镇受理 and 县级审批 lists: matters.levels_work)
            models.Index(fields=["first_receiver", "state", "due_at"],
                         name="matter_receiver_state_idx"),
            # the window's 工作台 (queries.window_queue): its nearest deadlines
            # first, in index order; without it a clerk's ~4,600 window 办件 at 1M
            # were fetched and sorted (39 ms)
            models.Index(fields=["first_receiver", "due_at", "id"],
                         condition=models.Q(state__in=WINDOW_STATES),
                         name="matter_receiver_window_idx"),
            models.Index(fields=["state", "waiver_due_at"],
                         name="matter_state_waiver_idx"),
            models.Index(fields=["refused_at"], name="matter_refused_idx"),
            models.Index(fields=["received_at"], name="matter_received_idx"),
            # the accountability report's 办件 decided in the month: without it the
            # month's aggregate read the whole table (1M: 117 ms)
            models.Index(fields=["state", "decided_at"],
                         name="matter_state_decided_idx"),
            models.Index(fields=["village", "state", "received_at"],
                         name="matter_village_state_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.item.name}" if self.item_id else self.number

    @property
    def is_open(self) -> bool:
        return self.clock.is_open(self)

    @property
    def is_paused(self) -> bool:
        return self.clock.is_paused(self)

    @property
    def is_overdue(self) -> bool:
        return self.clock.is_overdue(self)

    @property
    def overdue_remedy(self) -> str:
        """限时办结制: past the promise, apologise (赔礼道歉) and finish at once."""
        if self.is_overdue and self.clock.stage_of(self) == "handle":
            return "已超过承诺时限：责令向申请人赔礼道歉并立即办结。"
        return ""


class ApplicationMaterial(models.Model):
    """One material of the item's list, as received (or not) for one application.
    Scans are Attachments (kind "scan") whose record is this row."""

    application = models.ForeignKey(Application, verbose_name="办件",
                                    on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(Material, verbose_name="材料",
                                 on_delete=models.PROTECT, related_name="+")
    received = models.BooleanField("已收", default=False)
    problem = models.CharField("问题（需补正）", max_length=200, blank=True)
    waived = models.BooleanField("容缺", default=False)
    promised_by = models.DateField("承诺补交日期", null=True, blank=True)
    supplied_at = _when("补交时间")

    class Meta:
        verbose_name = verbose_name_plural = "办件材料"
        ordering = ["application", "material__order", "material_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "material"],
                                    name="application_material_uniq"),
        ]

    def __str__(self):
        return self.material.name

    @property
    def is_missing(self) -> bool:
        """Owed now: not received, or received with a problem to correct."""
        return (not self.received or bool(self.problem)) and not self.supplied_at


class SpecialStage(models.Model):
    """特殊环节 (勘验, 公示, 听证, 评审): by law not counted in the promise."""

    application = models.ForeignKey(Application, verbose_name="办件",
                                    on_delete=models.CASCADE,
                                    related_name="special_stages")
    kind = models.CharField("环节", max_length=12, choices=StageKind.choices)
    planned_days = models.PositiveSmallIntegerField("计划天数")
    note = models.CharField("说明", max_length=200, blank=True)
    started_at = models.DateTimeField("开始时间")
    ended_at = _when("结束时间")
    started_by = _user_fk("发起人")

    class Meta:
        verbose_name = verbose_name_plural = "特殊环节"
        ordering = ["application", "started_at"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.planned_days}天）"


class ApplicationExtension(ExtensionRequest):
    """延期: once per application, within the item's allowance, a leader approves."""

    application = models.OneToOneField(Application, verbose_name="办件",
                                       on_delete=models.CASCADE,
                                       related_name="extension")
    decide_permission = staticmethod(perms.can_decide_application_extension)
    record_field = "application"
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "办件延期申请"
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state"], name="matter_ext_state_idx")]

    def __str__(self):
        return f"{self.application.number} 延期{self.days}天"
