"""The Repair Service Form (维修服务单) and its state machine (SPEC §4)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from servicecenter import workdays
from servicecenter.clock import ProcessClock
from servicecenter.deadlines import deadline_for
from servicecenter.files import RandomName
from servicecenter.models import Party, history
from servicecenter.transitions import condition, fsm_permission, require

from .. import permissions as perms
from .. import warranty


class State(models.TextChoices):
    NEW = "new", "待接收"
    RECEIVED = "received", "已接收"
    ASSIGNED = "assigned", "已派工"
    DIAGNOSING = "diagnosing", "检测中"
    DIAGNOSED = "diagnosed", "已检测"
    REPAIRING = "repairing", "维修中"
    AWAITING_DISPATCH = "awaiting_dispatch", "待外送"
    AT_VENDOR = "at_vendor", "外修中"
    RETURNED = "returned", "已取回"
    REINSPECTION = "reinspection", "待复检"
    READY = "ready", "待取件"
    UNREPAIRABLE = "unrepairable", "无法修复"
    CLOSED = "closed", "已完结"
    CANCELLED = "cancelled", "已取消"


OPEN_STATES = [s for s in State.values if s not in (State.NEW, State.CLOSED,
                                                    State.CANCELLED)]
PICKUP_STATES = [State.READY, State.UNREPAIRABLE]
# an engineer holds the order (and may hand it to another): assigned to reinspection
HELD_STATES = [State.ASSIGNED, State.DIAGNOSING, State.DIAGNOSED, State.REPAIRING,
               State.AWAITING_DISPATCH, State.AT_VENDOR, State.RETURNED,
               State.REINSPECTION]
_DIAGNOSE = (State.RECEIVED, State.ASSIGNED, State.DIAGNOSING)
_REPAIR = (State.DIAGNOSED, State.REPAIRING, State.AWAITING_DISPATCH, State.AT_VENDOR,
           State.RETURNED, State.REINSPECTION)
# At a vendor the clock stands still; a device not collected is the receiving clerk's.
CLOCK = ProcessClock(
    open=OPEN_STATES,
    paused=(State.AT_VENDOR,),
    stage={**dict.fromkeys(_DIAGNOSE, "diagnose"), **dict.fromkeys(_REPAIR, "repair"),
           **dict.fromkeys(PICKUP_STATES, "uncollected")},
    responsible={State.RECEIVED: "received_by",
                 **dict.fromkeys(_DIAGNOSE[1:] + _REPAIR, "engineer"),
                 **dict.fromkeys(PICKUP_STATES, "received_by")},
    done=(State.CLOSED,),
)


class Route(models.TextChoices):
    IN_HOUSE = "in_house", "本中心维修"
    EXTERNAL = "external", "对外送修"


@condition("送复检前须至少填写一条维修过程记录。")
def has_process_entries(order) -> bool:
    return order.log_entries.exists()


@condition("外修未修复的设备不能直接完成维修：请再次外送或判定无法修复。")
def not_returned_unrepaired(order) -> bool:
    return order.state != State.RETURNED or order.last_dispatch_repaired is True


@condition("外修已修复的设备应完成维修并复检，不能再次外送或判定无法修复。")
def not_returned_repaired(order) -> bool:
    return order.state != State.RETURNED or order.last_dispatch_repaired is not True


@condition("检测结论为本中心维修，不能外送；外送请先说明原因。")
def dispatch_route_ok(order) -> bool:
    return order.state != State.DIAGNOSED or order.route == Route.EXTERNAL


@condition("检测结论为对外送修，不能在本中心开始维修。")
def route_in_house(order) -> bool:
    return order.route == Route.IN_HOUSE


class RepairOrder(ConcurrentTransitionMixin, models.Model):
    number = models.CharField("编号", max_length=20, unique=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="客户",
                              related_name="repair_orders")
    received_at = models.DateTimeField("接收时间", default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="接收人（首问）")
    # device
    device_type = models.CharField("设备类型", max_length=40)
    brand = models.CharField("品牌", max_length=40)
    model_name = models.CharField("型号", max_length=60)
    serial_number = models.CharField("序列号", max_length=80, blank=True)
    purchase_date = models.DateField("购机日期", null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField("保修期（月）", default=12)
    manufacturer_warranty = models.BooleanField("由厂家保修", default=False)
    # intake inspection (外观及配置初验)
    accessories = models.TextField("随机附件")
    appearance = models.TextField("外观检查")
    configuration = models.TextField("配置检查")
    fault_description = models.TextField("故障描述")
    # assignment and diagnosis
    engineer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="repair_orders",
                                 verbose_name="维修工程师")
    assigned_at = models.DateTimeField("派工时间", null=True, blank=True)
    diagnosis = models.TextField("检测结论", blank=True)
    warranty_status = models.CharField("保修状态", max_length=20, blank=True,
                                       choices=warranty.STATUS_CHOICES)
    route = models.CharField("维修方式", max_length=20, blank=True,
                             choices=Route.choices)
    route_reason = models.TextField("维修方式理由", blank=True)
    diagnosed_at = models.DateTimeField("检测时间", null=True, blank=True)
    # external repair
    dispatch_reason = models.TextField("外送原因", blank=True)
    current_vendor = models.ForeignKey("repairs.Vendor", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       verbose_name="当前外修单位")
    last_dispatch_repaired = models.BooleanField("最近外修已修复", null=True,
                                                 blank=True)
    # repair and re-inspection
    repaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name="完成维修人")
    reinspection_checklist = models.TextField("复检项目", blank=True)
    reinspection_result = models.TextField("复检结果", blank=True)
    reinspected_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                       on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       verbose_name="复检人")
    reinspection_passed_at = models.DateTimeField("复检通过时间", null=True, blank=True)
    unrepairable_reason = models.TextField("无法修复原因", blank=True)
    ready_at = models.DateTimeField("可取件时间", null=True, blank=True)
    # pickup
    signer_name = models.CharField("签收人", max_length=50, blank=True)
    signature = models.FileField("客户签名", upload_to=RandomName("repairs/signatures"),
                                 blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    closed_at = models.DateTimeField("完结时间", null=True, blank=True)
    cancel_reason = models.TextField("取消原因", blank=True)
    # deadline (SPEC §1.4); paused while the device is at a vendor
    due_at = models.DateTimeField("办理时限", null=True, blank=True)
    # set by the deadline sweep (servicecenter.sweep), never by a transition
    marked_overdue = models.BooleanField("已超期", default=False, editable=False)
    due_provisional = models.BooleanField("时限暂定", default=False)
    paused_at = models.DateTimeField("计时暂停于", null=True, blank=True)
    paused_workdays = models.PositiveSmallIntegerField("累计暂停工作日", default=0)

    state = FSMField("状态", default=State.NEW, choices=State.choices, protected=True)
    clock = CLOCK  # declared next to State, above
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "维修服务单"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "closed_at"], name="repair_state_closed_idx"),
            models.Index(fields=["state", "-id"], name="repair_state_idx"),
            models.Index(fields=["engineer", "state"], name="repair_engineer_idx"),
            models.Index(fields=["current_vendor", "state"], name="repair_vendor_idx"),
            models.Index(fields=["due_at"], name="repair_due_idx"),
            # 工作台's lists (待派工, 待外送, 待取件): one state, nearest deadline first
            models.Index(fields=["state", "due_at"], name="repair_state_due_idx"),
            models.Index(fields=["serial_number"], name="repair_serial_idx"),
            # the dashboard's backlog: open orders by state and age, due today and
            # overdue, from the index alone (the open states of RepairOrder.clock)
            models.Index(fields=["state", "received_at"], include=["due_at", "id"],
                         name="repair_backlog_idx",
                         condition=models.Q(state__in=[
                             "received", "assigned", "diagnosing", "diagnosed",
                             "repairing", "awaiting_dispatch", "at_vendor",
                             "returned", "reinspection", "ready", "unrepairable"])),
        ]

    def __str__(self):
        return f"{self.number} {self.brand} {self.model_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("repairs:detail", args=[self.pk])

    # --- derived values -------------------------------------------------------
    @property
    def device_label(self) -> str:
        return f"{self.device_type} {self.brand} {self.model_name}".strip()

    @property
    def is_paused(self) -> bool:
        return self.clock.is_paused(self)

    @property
    def is_open(self) -> bool:
        return self.clock.is_open(self)

    @property
    def is_overdue(self) -> bool:
        return self.clock.is_overdue(self)

    @property
    def warranty_end(self):
        return warranty.warranty_end(self.purchase_date, self.warranty_months)

    def computed_warranty(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate(self.received_at)
        return warranty.warranty_status(self.purchase_date, self.warranty_months, on,
                                        self.manufacturer_warranty)

    def _set_due(self, stage: str, start=None):
        deadline = deadline_for("repair", stage, start or timezone.now())
        self.due_at, self.due_provisional = deadline.due, deadline.provisional

    # --- transitions (SPEC §4) -----------------------------------------------
    @transition(field=state, source=State.NEW, target=State.RECEIVED,
                permission=fsm_permission(perms.can_receive_repair),
                custom={"label": "接收", "system": True})
    def receive(self, *, user):
        """new → received; clerk; the customer, device, accessories, appearance,
        configuration and fault; the diagnosis deadline starts."""
        require(客户=self.party_id, 设备类型=self.device_type, 品牌=self.brand,
                型号=self.model_name, 随机附件=self.accessories,
                外观检查=self.appearance, 配置检查=self.configuration,
                故障描述=self.fault_description)
        self.received_by = user
        self._set_due("diagnose", self.received_at)

    @transition(field=state, source=State.RECEIVED, target=State.ASSIGNED,
                permission=fsm_permission(perms.can_assign_repair),
                custom={"label": "派工"})
    def assign(self, *, user, engineer):
        """received → assigned; clerk or manager; the repair engineer."""
        from servicecenter.roles import ENGINEER, has_role

        if engineer is None or not has_role(engineer, ENGINEER):
            raise ValidationError("请选择一名维修工程师。")
        self.engineer = engineer
        self.assigned_at = timezone.now()

    @transition(field=state, source=HELD_STATES, target=None,
                permission=fsm_permission(perms.can_reassign_repair),
                custom={"label": "改派", "style": "secondary"})
    def reassign(self, *, user, engineer, reason=""):
        """assigned … reinspection → the same state; clerk or manager; another
        engineer takes the order over, and why (the history's remark)."""
        from servicecenter.roles import ENGINEER, has_role

        require(改派原因=reason.strip())
        if engineer is None or not has_role(engineer, ENGINEER):
            raise ValidationError("请选择一名维修工程师。")
        if engineer.pk == self.engineer_id:
            raise ValidationError("新工程师与当前工程师相同。")
        self.engineer = engineer
        self.assigned_at = timezone.now()

    @transition(field=state, source=State.ASSIGNED, target=State.DIAGNOSING,
                permission=fsm_permission(perms.can_start_diagnosis_repair),
                custom={"label": "开始检测"})
    def start_diagnosis(self, *, user):
        """assigned → diagnosing; the assigned engineer."""

    @transition(field=state, source=State.DIAGNOSING, target=State.DIAGNOSED,
                permission=fsm_permission(perms.can_diagnose_repair),
                custom={"label": "检测结论"})
    def diagnose(self, *, user, diagnosis, warranty_status, route, route_reason):
        """diagnosing → diagnosed; the assigned engineer; fault, warranty status and
        route (in house / external) with its reason; the repair deadline starts."""
        require(检测结论=diagnosis, 保修状态=warranty_status, 维修方式=route,
                  维修方式理由=route_reason)
        if warranty_status == warranty.MANUFACTURER and route != Route.EXTERNAL:
            raise ValidationError("厂家保修期内的设备须外送厂家或其维修站维修。")
        self.diagnosis, self.warranty_status = diagnosis, warranty_status
        self.route, self.route_reason = route, route_reason
        self.diagnosed_at = timezone.now()
        self._set_due("repair", self.diagnosed_at)

    @transition(field=state, source=State.DIAGNOSED, target=State.REPAIRING,
                conditions=[route_in_house],
                permission=fsm_permission(perms.can_start_repair_repair),
                custom={"label": "开始维修"})
    def start_repair(self, *, user):
        """diagnosed → repairing; the assigned engineer; only on the in-house route."""

    @transition(field=state, source=[State.DIAGNOSED, State.RETURNED],
                target=State.AWAITING_DISPATCH,
                conditions=[dispatch_route_ok, not_returned_repaired],
                permission=fsm_permission(perms.can_request_dispatch_repair),
                custom={"label": "申请外送"})
    def request_dispatch(self, *, user, reason):
        """diagnosed (external route) or returned unrepaired → awaiting_dispatch; the
        assigned engineer; why it goes out (warranty, cannot repair locally)."""
        require(外送原因=reason)
        self.dispatch_reason = reason

    @transition(field=state, source=State.AWAITING_DISPATCH, target=State.AT_VENDOR,
                permission=fsm_permission(perms.can_send_out_repair),
                custom={"label": "送出外修"})
    def send_out(self, *, user, vendor, contact_person, contact_note, handover_date,
                 receipt_no, receipt_photo, expected_return):
        """awaiting_dispatch → at_vendor; clerk or the assigned engineer; vendor,
        contact made beforehand, handover date, pickup receipt number and photo,
        expected return. The deadline clock pauses (the service records the
        dispatch itself)."""
        require(维修单位=vendor, 送修前联系人=contact_person,
                联系情况=contact_note, 交接日期=handover_date,
                取机凭据号=receipt_no, 取机凭据照片=receipt_photo,
                预计返回日期=expected_return)
        if expected_return < handover_date:
            raise ValidationError("预计返回日期不能早于交接日期。")
        self.current_vendor = vendor
        self.last_dispatch_repaired = None
        self.paused_at = timezone.now()

    @transition(field=state, source=State.AT_VENDOR, target=State.RETURNED,
                permission=fsm_permission(perms.can_receive_back_repair),
                custom={"label": "外修取回"})
    def receive_back(self, *, user, repaired, vendor_report):
        """at_vendor → returned; clerk or the assigned engineer; repaired or not and
        the vendor's report. The clock resumes; the due date moves by the pause."""
        require(维修单位报告=vendor_report)
        if repaired is None:
            raise ValidationError("请选择外修结果：已修复或未能修复。")
        self.last_dispatch_repaired = bool(repaired)
        self._resume_clock()

    def _resume_clock(self):
        if self.paused_at is None:
            return
        paused = workdays.workdays_between(timezone.localdate(self.paused_at),
                                           timezone.localdate())
        if self.due_at and paused:
            day = workdays.add_workdays(timezone.localtime(self.due_at).date(), paused)
            self.due_at = workdays.end_of_day(day)
        self.paused_workdays += paused
        self.paused_at = None

    @transition(field=state, source=[State.REPAIRING, State.RETURNED],
                target=State.REINSPECTION,
                conditions=[not_returned_unrepaired, has_process_entries],
                permission=fsm_permission(perms.can_finish_repair_repair),
                custom={"label": "维修完成，送复检"})
    def finish_repair(self, *, user):
        """repairing, or returned repaired → reinspection; the assigned engineer;
        needs at least one process-record entry."""
        self.repaired_by = user

    @transition(field=state, source=State.REINSPECTION, target=State.READY,
                permission=fsm_permission(perms.can_pass_reinspection_repair),
                custom={"label": "复检合格"})
    def pass_reinspection(self, *, user, checklist, result):
        """reinspection → ready; an engineer (another than the repairer when
        REPAIR_REINSPECTION_SEPARATE_INSPECTOR); checklist and result; the
        uncollected clock (30 days) starts."""
        require(复检项目=checklist, 复检结果=result)
        self.reinspection_checklist, self.reinspection_result = checklist, result
        self.reinspected_by = user
        self.reinspection_passed_at = self.ready_at = timezone.now()
        self._set_due("uncollected", self.ready_at)

    @transition(field=state, source=State.REINSPECTION, target=State.REPAIRING,
                permission=fsm_permission(perms.can_fail_reinspection_repair),
                custom={"label": "复检不合格", "style": "danger"})
    def fail_reinspection(self, *, user, failures):
        """reinspection → repairing; same as pass_reinspection; what failed."""
        require(不合格项=failures)
        self.reinspection_result = failures
        self.reinspected_by = user

    @transition(field=state, source=[State.DIAGNOSED, State.RETURNED],
                target=State.UNREPAIRABLE, conditions=[not_returned_repaired],
                permission=fsm_permission(perms.can_declare_unrepairable_repair),
                custom={"label": "判定无法修复", "style": "danger"})
    def declare_unrepairable(self, *, user, reason):
        """diagnosed, or returned unrepaired → unrepairable; the assigned engineer or
        a manager; the reason. The device waits for the customer (30 days)."""
        require(无法修复原因=reason)
        self.unrepairable_reason = reason
        self.ready_at = timezone.now()
        self.paused_at = None
        self._set_due("uncollected", self.ready_at)

    @transition(field=state, source=PICKUP_STATES, target=State.CLOSED,
                permission=fsm_permission(perms.can_deliver_repair),
                custom={"label": "客户取件"})
    def deliver(self, *, user, signer_name, signature_png, confirmed):
        """ready or unrepairable → closed; clerk; the customer's confirmation and
        signature (image, signer's name, time). The service schedules the
        follow-up call after commit."""
        require(签收人=signer_name, 客户签名=signature_png)
        if not confirmed:
            raise ValidationError("请客户确认已验收设备及随机附件。")
        self.signer_name = signer_name
        self.signed_at = self.closed_at = timezone.now()
        self.signature = ContentFile(signature_png,
                                     name=f"{self.number}-signature.png")
        self.due_at = None

    @transition(field=state, source=[State.RECEIVED, State.ASSIGNED, State.DIAGNOSED],
                target=State.CANCELLED,
                permission=fsm_permission(perms.can_cancel_repair),
                custom={"label": "取消维修", "style": "danger"})
    def cancel(self, *, user, reason, device_returned):
        """received, assigned, diagnosed → cancelled; clerk; the reason, and that the
        device went back to the customer."""
        require(取消原因=reason)
        if not device_returned:
            raise ValidationError("取消前须将设备退还客户，并勾选确认。")
        self.cancel_reason = reason
        self.closed_at = timezone.now()
        self.due_at = None
