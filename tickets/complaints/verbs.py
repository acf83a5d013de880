"""The complaint's verbs (``servicecenter.transition_views``):
``complaints/<pk>/accept/`` is named ``tickets:complaint_accept``, and so on."""

from servicecenter.transition_views import Verb, verb_table

from . import forms as f
from . import permissions as p
from . import services as s

VERBS = verb_table(
    Verb("accept", f.AcceptForm, s.accept_complaint, p.can_accept_complaint),
    Verb("reject", f.RejectForm, s.reject_complaint, p.can_reject_complaint),
    Verb("handle", f.HandleForm, s.handle_complaint, p.can_handle_complaint),
    Verb("report", f.ReportForm, s.report_complaint, p.can_report_complaint),
    Verb("reopen", f.ReopenForm, s.reopen_complaint, p.can_reopen_complaint),
    Verb("archive", f.ArchiveForm, s.archive_complaint, p.can_archive_complaint),
)
