"""Admin history pages as a manager reads them.

django-simple-history shows the raw record: the change reason is the transition's
name (``start``), a state is its code (``assigned → in_progress``), a deadline is
``2026-12-04 15:59:59+00:00`` and the person is a login name. Here each row shows the
transition's label, labels for codes, local time and the person's name.
Who may open a history page is decided elsewhere (the admin's querysets); this only
changes how it reads.
"""

from django.db.models import ManyToManyField
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .csvexport import cell_text
from .people import display_name
from .transitions import STATE_FIELD, transition_label


class ReadableChanges(HistoricalRecordContextHelper):
    """A change's old and new values as labels, names and local time."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            return super().prepare_delta_change_value(change, value)
        if isinstance(value, DeletedObject):  # also an empty link (pk None)
            return f"（已删除，编号 {value.pk}）" if value.pk is not None else ""
        return cell_text(value, field)


def reason_label(model, reason: str) -> str:
    """A history row's reason: the transition's label when it names a transition."""
    if not reason:
        return ""
    has_state = any(f.name == STATE_FIELD for f in model._meta.concrete_fields)
    return transition_label(model, reason) if has_state else reason


class ReadableHistoryMixin:
    object_history_list_template = "admin/servicecenter/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        super().set_history_delta_changes(request, historical_records, **kwargs)
        fields = {f.name: f for f in self.model._meta.concrete_fields}
        columns = self.get_history_list_display(request)
        for record in historical_records:
            record.reason_label = reason_label(self.model,
                                               record.history_change_reason or "")
            record.user_name = display_name(record.history_user) or "系统"
            record.columns = [cell_text(getattr(record, name, ""), fields.get(name))
                              for name in columns]


class ReadableHistoryAdmin(ReadableHistoryMixin, SimpleHistoryAdmin):
    pass
