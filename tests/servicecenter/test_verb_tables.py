"""Every app's verb table reads the same from the model to the URL (STYLE.md "One verb,
end to end"): the verb ``close`` of a service ticket is ``ServiceTicket.close``,
``close_ticket``, ``can_close_ticket``, ``tickets/<pk>/close/`` named
``tickets:close``; and so for every verb of every app."""

import pytest
from django.urls import reverse

from petitions import permissions as petition_perms
from petitions.models import Petition
from petitions.verbs import VERBS as PETITION_VERBS
from repairs import permissions as repair_perms
from repairs.models import RepairOrder
from repairs.verbs import VERBS as REPAIR_VERBS
from tickets.complaints import permissions as complaint_perms
from tickets.complaints.verbs import VERBS as COMPLAINT_VERBS
from tickets.models import Complaint, DifficultCase, ServiceTicket
from tickets.service import permissions as ticket_perms
from tickets.service.verbs import CASE_VERBS, TICKET_VERBS

# (model, verb table, URL names' prefix, URL's prefix, permissions, model word,
#  user transitions served by another page)
TABLES = [
    (Petition, PETITION_VERBS, "petitions:", "/petitions/7/", petition_perms,
     "petition", {"accept", "decline", "transfer"}),  # one step: petitions:decide
    (RepairOrder, REPAIR_VERBS, "repairs:", "/repairs/7/", repair_perms, "repair",
     set()),
    (ServiceTicket, TICKET_VERBS, "tickets:", "/tickets/7/", ticket_perms, "ticket",
     set()),
    (ServiceTicket, TICKET_VERBS, "tickets:tablet_", "/tickets/7/tablet/",
     ticket_perms, "ticket", set()),
    (DifficultCase, CASE_VERBS, "tickets:case_", "/tickets/cases/7/", ticket_perms,
     "difficultcase", set()),
    (Complaint, COMPLAINT_VERBS, "tickets:complaint_", "/tickets/complaints/7/",
     complaint_perms, "complaint", {"register"}),  # tickets:complaint_create
]
IDS = ["petition", "repair", "ticket", "tablet", "case", "complaint"]


def _transitions(model):
    """The model's transitions a person runs from a page (not creation, not the
    system's own), by name."""
    field = model._meta.get_field("state")
    return {t.name: t for t in field.get_all_transitions(model)
            if not t.custom.get("system") and t.source != "+"}


@pytest.mark.parametrize("model,table,names,url,perms,word,elsewhere", TABLES, ids=IDS)
def test_every_verb_reads_the_same_from_model_to_url(model, table, names, url, perms,
                                                      word, elsewhere):
    transitions = _transitions(model)
    for name, verb in table.items():
        assert verb.name == name and name in transitions, name
        assert transitions[name].permission.check is verb.permission, name
        assert getattr(perms, f"can_{name}_{word}") is verb.permission, name
        assert verb.service.__name__.startswith(f"{name}_") or (
            verb.service.__name__ == name), (name, verb.service.__name__)
        assert reverse(names + name, args=[7]) == f"{url}{name}/"


@pytest.mark.parametrize("model,table,names,url,perms,word,elsewhere", TABLES, ids=IDS)
def test_every_transition_a_person_runs_has_a_verb(model, table, names, url, perms,
                                                   word, elsewhere):
    created = {t.name for t in model._meta.get_field("state").get_all_transitions(model)
               if t.source in ("+", None)}
    missing = set(_transitions(model)) - set(table) - elsewhere - created
    assert missing == set()


def test_close_of_a_service_ticket_is_named_as_style_says():
    assert callable(ServiceTicket.close)
    assert TICKET_VERBS["close"].service.__name__ == "close_ticket"
    assert TICKET_VERBS["close"].permission is ticket_perms.can_close_ticket
    assert reverse("tickets:close", args=[7]) == "/tickets/7/close/"
