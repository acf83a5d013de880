"""The repair order's verbs (``servicecenter.transition_views``): for each, the form,
the service and the permission; ``repairs/<pk>/<verb>/`` is named ``repairs:<verb>``."""

from servicecenter.transition_views import Verb, verb_table

from . import forms as f
from . import permissions as p
from . import services as s

VERBS = verb_table(
    Verb("assign", f.AssignForm, s.assign_repair, p.can_assign_repair,
         help="列表显示各工程师在办数量；请假中的工程师标明假期。"),
    Verb("reassign", f.ReassignForm, s.reassign_repair, p.can_reassign_repair,
         help="改派须写明原因，新工程师会收到通知。"),
    Verb("start_diagnosis", f.TransitionForm, s.start_diagnosis,
         p.can_start_diagnosis_repair),
    Verb("diagnose", f.DiagnoseForm, s.diagnose_repair, p.can_diagnose_repair),
    Verb("start_repair", f.TransitionForm, s.start_repair, p.can_start_repair_repair),
    Verb("request_dispatch", f.ReasonForm, s.request_dispatch,
         p.can_request_dispatch_repair),
    Verb("send_out", f.SendOutForm, s.send_out, p.can_send_out_repair),
    Verb("receive_back", f.ReceiveBackForm, s.receive_back, p.can_receive_back_repair),
    Verb("finish_repair", f.TransitionForm, s.finish_repair,
         p.can_finish_repair_repair),
    Verb("pass_reinspection", f.PassReinspectionForm, s.pass_reinspection,
         p.can_pass_reinspection_repair),
    Verb("fail_reinspection", f.FailReinspectionForm, s.fail_reinspection,
         p.can_fail_reinspection_repair),
    Verb("declare_unrepairable", f.ReasonForm, s.declare_unrepairable,
         p.can_declare_unrepairable_repair),
    Verb("deliver", f.DeliverForm, s.deliver_order, p.can_deliver_repair,
         template="repairs/repairorder_deliver.html"),
    Verb("cancel", f.CancelForm, s.cancel_repair, p.can_cancel_repair),
)
