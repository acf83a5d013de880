"""The record page's 并联审批 panel, read inside the application's own query.

``with_opinions`` annotates the record page's query with the application's opinions
as one JSON array (a correlated subquery on the (application, department) index),
each with its department's name, whether the viewer may answer it, and the name of
who answered: the panel, the buttons' conditions (``joint_rules``) and the
visibility of a consulted department cost no query of their own.
"""

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connections
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_datetime

from servicecenter.models import Department
from servicecenter.people import display_name
from servicecenter.roles import HANDLER, has_role
from servicecenter.timeline import Entry

from . import joint_rules
from .models import JointOpinion

FIELDS = ("id", "department_id", "subject", "limit_days", "opened_at", "due_at",
          "due_provisional", "state", "answered_by_id", "answered_at", "text",
          "reasons")
WHEN = ("opened_at", "due_at", "answered_at")


def with_opinions(qs, user):
    """``qs`` (applications) with ``joint_json``: this application's opinions. On a
    database other than PostgreSQL (SQLite in development) ``qs`` as it is: the panel
    then reads them in a query of its own."""
    if connections[qs.db].vendor != "postgresql":
        return qs
    uid = getattr(user, "pk", None)
    member = Department.members.through.objects.filter(
        department_id=OuterRef("department_id"), user_id=uid)
    mine = Q(department__head_id=uid)
    if uid and has_role(user, HANDLER):
        mine |= Q(Exists(member))
    mine = Case(When(mine, then=Value(True)), default=Value(False)) if uid else Value(
        False)
    rows = (JointOpinion.objects.filter(application=OuterRef("pk")).order_by()
            .values("application").annotate(rows=JSONBAgg(JSONObject(
                **{f: F(f) for f in FIELDS},
                department_name=F("department__name"),
                mine=mine,
                first_name=F("answered_by__first_name"),
                last_name=F("answered_by__last_name"))))
            .values("rows"))
    return qs.annotate(joint_json=Subquery(rows))


def _opinion(row: dict) -> JointOpinion:
    from django.contrib.auth import get_user_model

    values = {f: row[f] for f in FIELDS}
    for f in WHEN:
        values[f] = parse_datetime(values[f]) if values[f] else None
    opinion = JointOpinion(**values)
    opinion.department = Department(pk=row["department_id"],
                                    name=row["department_name"])
    if row["answered_by_id"]:
        opinion.answered_by = get_user_model()(
            pk=row["answered_by_id"], first_name=row["first_name"] or "",
            last_name=row["last_name"] or "")
    opinion.mine = bool(row["mine"])
    return opinion


def annotated(app) -> list | None:
    """The opinions read with the application (None when it was read without)."""
    if not hasattr(app, "joint_json"):
        return None
    if not hasattr(app, "_joint_rows"):
        rows = [_opinion(r) for r in app.joint_json or []]
        app._joint_rows = sorted(rows, key=lambda o: (o.due_at, o.id))
    return app._joint_rows


def panel_context(app, user) -> dict:
    rows = annotated(app)
    if rows is None:
        rows = list(app.joint_opinions.select_related("department", "answered_by")
                    .order_by("due_at", "id"))
        app._joint_rows = rows
    answerable = {o.pk for o in rows if o.is_pending and getattr(o, "mine", False)}
    entries = [Entry(o.answered_at, display_name(o.answered_by) or "系统",
                     f"并联审批意见：{o.department}",
                     f"{o.get_state_display()}。{o.text}"
                     + (f"不同意理由：{o.reasons}" if o.reasons else ""))
               for o in rows if o.answered_at]
    return {"joint": rows, "joint_answerable": answerable,
            "joint_refusal": joint_rules.refusal_message(app),
            "joint_entries": entries}
