"""The petition's verbs (``servicecenter.transition_views``): ``petitions/<pk>/close/``
is named ``petitions:close``, and so on. The leader's accept / decline / transfer are
one step with the 批示 (``petitions:decide``), not one page each."""

from servicecenter.transition_views import Verb, verb_table

from . import forms as f
from . import permissions as p
from . import services as s

VERBS = verb_table(
    Verb("mark_duplicate", f.MarkDuplicateForm, s.mark_duplicate_petition,
         p.can_mark_duplicate_petition),
    Verb("sign", f.RemarkForm, s.sign_petition, p.can_sign_petition),
    Verb("reassign", f.ReassignForm, s.reassign_petition, p.can_reassign_petition,
         help="只能改派给本科室的经办人；须写明原因，新承办人会收到通知。"),
    Verb("return_to_office", f.ReasonForm, s.return_to_office_petition,
         p.can_return_to_office_petition),
    Verb("report_result", f.ReportResultForm, s.report_result_petition,
         p.can_report_result_petition),
    Verb("send_back", f.ReasonForm, s.send_back_petition, p.can_send_back_petition),
    Verb("reply", f.ReplyForm, s.reply_petition, p.can_reply_petition),
    Verb("close", f.CloseForm, s.close_petition, p.can_close_petition),
    Verb("request_review", f.ReviewRequestForm, s.request_review_petition,
         p.can_request_review_petition),
    Verb("record_review", f.ReviewRecordRedoForm, s.record_review_petition,
         p.can_record_review_petition),
    Verb("request_re_review", f.ReviewRequestForm, s.request_re_review_petition,
         p.can_request_re_review_petition),
    Verb("record_re_review", f.ReviewRecordForm, s.record_re_review_petition,
         p.can_record_re_review_petition),
)
