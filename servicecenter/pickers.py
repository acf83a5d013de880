"""Assign and reassign pickers: each candidate with their open count and whether
they are away (AB角): 「李工程师（在办 3 件）」, 「周工程师（请假至 12月5日）」."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .people import PersonChoiceField
from .standin import absent_until, candidate_label


def with_open_count(users, model, field: str, states):
    """``users`` annotated with ``open_load``: their records of ``model`` (held in
    ``field``) in ``states``; one correlated count each, on the field's index."""
    load = (model._default_manager.filter(**{field: OuterRef("pk"),
                                             "state__in": list(states)})
            .order_by().values(field).annotate(n=Count("*")).values("n"))
    return users.annotate(open_load=Coalesce(
        Subquery(load, output_field=IntegerField()), Value(0)))


class CandidateChoiceField(PersonChoiceField):
    """A person picker over a queryset annotated with ``open_load``."""

    def label_from_instance(self, obj):
        away = getattr(self, "_away", None)
        if away is None:
            away = self._away = absent_until(self.queryset.values_list("pk", flat=True))
        return candidate_label(obj, getattr(obj, "open_load", 0), away.get(obj.pk))
