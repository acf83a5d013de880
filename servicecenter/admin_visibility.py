"""Every admin view applies the records' one visibility rule (SPEC 1.10).

``ServiceAdminSite.register`` puts ``VisibleRecordsAdmin`` in front of every model
admin (ours, auth's, axes'), so no admin can forget it: the changelist, change,
delete, CSV export, autocomplete and raw-id popups read ``get_queryset``, which is
the model's registered rule (``servicecenter.registry.visible``); simple-history's
history pages, which read the history table directly, first check that the record
is in that queryset. History is never editable: the revert form answers GET only,
every field read-only, and a POST is refused.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed

from . import registry


def _attached(model) -> bool:
    names = {f.name for f in model._meta.get_fields()}
    return {"content_type", "object_id"} <= names


def visible_rows(qs, user):
    """``qs`` narrowed to what ``user`` may see under the model's rule."""
    rule = registry.visible(qs.model, user)
    if rule is not None:
        try:
            return qs & rule  # one WHERE, the admin's ordering kept
        except TypeError:  # distinct on one side only: cannot be merged
            return qs.filter(pk__in=rule.values("pk"))
    if _attached(qs.model):
        return registry.visible_attached(qs, user)
    return qs


class VisibleRecordsAdmin:
    def get_queryset(self, request):
        return visible_rows(super().get_queryset(request), request.user)

    def _visible_or_404(self, request, object_id):
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError):
            raise Http404 from None
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        self._visible_or_404(request, object_id)
        request._history_read_only = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if getattr(request, "_history_read_only", False):
            opts = self.model._meta
            form_fields = [f.name for f in (*opts.fields, *opts.many_to_many)]
            return list(dict.fromkeys([*fields, *form_fields]))
        return fields

    def revert_disabled(self, request, obj=None):
        return True
