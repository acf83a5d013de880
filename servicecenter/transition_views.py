"""The one "run this verb on this record" page, and the one shape of a verb table.

Each app declares its verbs once, as ``verb_table(Verb(...), ...)``. A verb's name is
the model's transition, the service's verb, the permission's verb
(``can_<verb>_<model>``), the last segment and the name of its URL: ``close`` is
``Ticket.close``, ``close_ticket``, ``can_close_ticket``, ``tickets/<pk>/close/`` named
``tickets:close`` (tests/servicecenter/test_verb_tables.py checks that for every app).

``transition_view`` is the only view that runs such a verb: a GET shows the form, or
goes back to the record with the reason when the verb cannot apply now
(``form_refused``); a POST calls the service and keeps the input when it is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path

from .transitions import TransitionError, form_refused, transition_label


@dataclass(frozen=True)
class Verb:
    """One transition as the pages offer it.

    ``form_class`` is built as ``form_class(data, files, record=, user=, initial=)``
    (``servicecenter.forms.TransitionForm`` takes those); ``service`` is called as
    ``service(record, user, **cleaned_data)``; ``permission`` is the pure
    ``can_<verb>_<model>(user, record)`` that the model's transition also uses.
    """

    name: str
    form_class: type
    service: Callable
    permission: Callable
    template: str | None = None  # None: the surface's transition template
    help: str = ""
    success_message: str = "已{label}：{number}"


def verb_table(*verbs: Verb) -> dict[str, Verb]:
    """The app's verbs by name (one declaration per app and model)."""
    return {v.name: v for v in verbs}


def verb_urls(table: dict[str, Verb], view, prefix: str = "<int:pk>/",
              name_prefix: str = "", **kwargs) -> list:
    """One URL per verb: ``<prefix><verb>/`` named ``<name_prefix><verb>``."""
    return [path(f"{prefix}{verb}/", view, {"verb": verb, **kwargs},
                 name=f"{name_prefix}{verb}") for verb in table]


def transition_view(request, record, verb: Verb, *, template: str, back: str,
                    context: dict | None = None, after: Callable | None = None):
    """The form of one verb (GET) and its service (POST) on a record the caller has
    fetched and authorized; ``back`` is the record's page, ``after(record)`` the page
    to go to once done (default ``back``), ``context`` the template's own names."""
    if refused := form_refused(request, record, verb.name, back):
        return refused
    label = transition_label(type(record), verb.name)
    form = verb.form_class(request.POST or None, request.FILES or None, record=record,
                           user=request.user, initial={"expected_state": record.state})
    if request.method == "POST" and form.is_valid():
        try:
            verb.service(record, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, verb.success_message.format(
                label=label, number=getattr(record, "number", "")))
            return redirect(after(record) if after else back)
    return render(request, verb.template or template, {
        **(context or {}), "record": record, "form": form, "verb": verb.name,
        "label": label, "help": verb.help})
