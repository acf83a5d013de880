"""The application's verbs (``servicecenter.transition_views``):
``matters/<pk>/accept/`` is named ``matters:accept``, and so on."""

from servicecenter.transition_views import Verb, verb_table

from . import levels_forms as lf
from . import permissions as p
from . import services as s
from . import transition_forms as f

VERBS = verb_table(
    Verb("request_correction", f.CorrectionForm, s.request_correction_application,
         p.can_request_correction_application),
    Verb("resubmit", f.ResubmitForm, s.resubmit_application,
         p.can_resubmit_application),
    Verb("accept", f.RemarkForm, s.accept_application, p.can_accept_application),
    Verb("accept_with_waiver", f.WaiverForm, s.accept_with_waiver_application,
         p.can_accept_with_waiver_application),
    Verb("refuse", f.RefuseForm, s.refuse_application, p.can_refuse_application),
    Verb("complete_at_once", f.AtOnceForm, s.complete_at_once_application,
         p.can_complete_at_once_application),
    Verb("take", f.TakeForm, s.take_application, p.can_take_application),
    Verb("pause", f.PauseForm, s.pause_application, p.can_pause_application),
    Verb("resume", f.RemarkForm, s.resume_application, p.can_resume_application),
    Verb("submit", f.OpinionForm, s.submit_application, p.can_submit_application),
    Verb("send_back", f.ReasonForm, s.send_back_application,
         p.can_send_back_application),
    Verb("decide", f.DecideForm, s.decide_application, p.can_decide_application),
    Verb("inform", f.InformForm, s.inform_application, p.can_inform_application),
    Verb("deliver", f.DeliverForm, s.deliver_application, p.can_deliver_application),
    Verb("withdraw", f.ReasonForm, s.withdraw_application,
         p.can_withdraw_application),
    # levels (村 → 镇 → 县)
    Verb("send_to_town", lf.SendToTownForm, s.send_to_town_application,
         p.can_send_to_town_application),
    Verb("receive_from_village", lf.ReceiveFromVillageForm,
         s.receive_from_village_application, p.can_receive_from_village_application),
    Verb("send_to_county", lf.SendToCountyForm, s.send_to_county_application,
         p.can_send_to_county_application),
    Verb("record_county_decision", lf.CountyDecisionForm,
         s.record_county_decision_application,
         p.can_record_county_decision_application),  # 批复 scan: a multipart form
)
