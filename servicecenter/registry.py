"""What apps contribute to shared pages, registered in each AppConfig.ready().

- ``party_sections``: fn(party, user) -> dict(title, rows=[{number, url, summary,
  state, date}]) for the Party page ("one customer view").
- ``queue_counts``: fn(user) -> list of dict(label, count, url) for 工作台 and the
  navigation; ``count`` may be a QuerySet (or a list of them, of disjoint rows,
  summed), which 工作台 counts with the others in one query
  (``servicecenter.views.queue_counts``, ``workqueue.count_all``).
- ``nav_items``: (order, label, url_name, roles or None) for the window navigation.
"""

from collections.abc import Callable
from dataclasses import dataclass

party_sections: list = []
queue_counts: list = []
nav_items: list = []


def register_party_section(fn):
    party_sections.append(fn)
    return fn


def register_queue_counts(fn):
    queue_counts.append(fn)
    return fn


def register_nav(order: int, label: str, url_name: str, roles=None):
    nav_items.append((order, label, url_name, roles))

# fn(stdout) called by `manage.py seed_demo` after the shared demo data exists;
# each must be idempotent.
demo_seeders: list = []


def register_demo_seeder(fn):
    demo_seeders.append(fn)
    return fn

# fn() called by ``seeding.ensure_base_data`` after the shared base data: an app's own
# base data (the matters catalogue), put back when a test flushes the database.
base_data: list = []


def register_base_data(fn):
    base_data.append(fn)
    return fn

# DeadlineSpec rows (servicecenter.sweep) for the deadline sweep (derived from each
# model's clock by ``register_clock``, below), and extra sweepers
# fn(now) -> dict of counts for rules of one app (auto-close, maintenance plans).
deadline_specs: list = []
sweepers: list = []


def register_deadline(spec):
    deadline_specs.append(spec)
    return spec


# model -> servicecenter.clock.ProcessClock: the processes whose time the sweep,
# the reports and the agreement test read (each model declares ``clock``).
clocks: dict = {}


def register_clock(model, label: str, url_name: str):
    """Register ``model.clock`` and the sweep's specs derived from it."""
    clocks[model] = model.clock
    for spec in model.clock.deadline_specs(model, label, url_name):
        register_deadline(spec)
    return model.clock


def clock_for(model_label: str):
    """The registered clock of a model given as ``app_label.ModelName``."""
    for model, clock in clocks.items():
        if model._meta.label == model_label:
            return clock
    raise LookupError(f"no process clock registered for {model_label}")


def register_sweeper(fn):
    sweepers.append(fn)
    return fn

# fn(user) -> list of servicecenter.workqueue.WorkItem: what this user must act on now.
work_items: list = []


def register_work_items(fn):
    work_items.append(fn)
    return fn

# model -> fn(user) -> QuerySet: the one visibility rule of each process model
# (SPEC 1.10). Shared parts that show records (admin, notices, file downloads,
# complaint links) ask ``visible(model, user)``; a model without a rule is not a
# process record and gets ``None`` (the caller decides what that means).
visibility: dict = {}


def register_visibility(model, visible_qs_func):
    visibility[model] = visible_qs_func
    return visible_qs_func


def visible(model, user):
    """The records of ``model`` this user may see (a QuerySet), or None if the model
    has no registered rule. For a Historical* model: its rows whose record is
    visible."""
    model = model if isinstance(model, type) else type(model)
    rule = visibility.get(model._meta.concrete_model)
    if rule is not None:
        return rule(user)
    tracked = getattr(model, "instance_type", None)
    if tracked is not None and tracked in visibility:
        pk = tracked._meta.pk.attname
        ids = visibility[tracked](user).values("pk")
        return model._default_manager.filter(**{f"{pk}__in": ids})
    return None


def may_view(user, obj) -> bool | None:
    """Whether ``obj`` is in its model's visible queryset for ``user``; None if its
    model has no registered rule."""
    qs = visible(type(obj), user)
    return None if qs is None else qs.filter(pk=obj.pk).exists()


def visible_attached(qs, user):
    """Rows of a model that points at a record through ``content_type``/``object_id``
    (attachments, issued documents, notices): those whose record is visible, or whose
    record's model has no rule. Each restricted model is one correlated EXISTS on its
    primary key, so a page of rows costs an index probe per row, not a table scan."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef, Q

    hidden_cts, keep = [], Q()
    for model, ct in ContentType.objects.get_for_models(*visibility).items():
        rule = visible(model, user)
        if not rule.query.where:  # this user sees every record of the model
            continue
        hidden_cts.append(ct.pk)
        keep |= Q(content_type=ct) & Exists(rule.filter(pk=OuterRef("object_id")))
    if not hidden_cts:
        return qs
    return qs.filter(Q(content_type__isnull=True) | ~Q(content_type__in=hidden_cts)
                     | keep)

# Stored files (servicecenter.files): kind -> fn(pk) -> files.StoredFile | None for
# each file field; the file's record is then asked ``may_view`` (the one rule above).
file_sources: dict = {}


def register_file_source(kind: str, fn):
    file_sources[kind] = fn
    return fn

# fn(year) -> int records changed: recompute the provisional (暂定) deadlines of one
# app's open records that fall in or after ``year``, once that year's calendar is
# confirmed (servicecenter.recompute, SPEC 1.4).
deadline_recomputes: list = []


def register_deadline_recompute(fn):
    deadline_recomputes.append(fn)
    return fn

# Follow-up calls (客户回访) are kept by one app and asked for by others, which do not
# import it: ``schedule_followup`` is the one entry point (fn(record, kind, user) ->
# the call, registered by the app that keeps the calls). ``followup_sources`` are
# (model, fn(record)) of the processes whose closed records get a call, for the
# sweep's safety net.
followup_scheduler: list = []
followup_sources: list = []


def register_followup_scheduler(fn):
    followup_scheduler[:] = [fn]
    return fn


def schedule_followup(record, kind: str, user=None):
    """The record's follow-up call of ``kind``, created on first call; None when no
    app keeps follow-up calls."""
    if not followup_scheduler:
        return None
    return followup_scheduler[0](record, kind, user)


def register_followup_source(model, schedule):
    followup_sources.append((model, schedule))
    return schedule

# Satisfaction ratings for the reports (servicecenter.reports), from the app that
# rates work: a ``RatingSource``. None registered: the reports show no ratings.
rating_sources: list = []


@dataclass(frozen=True)
class RatingSource:
    """The rated records carry their rating (an integer) in ``rating``."""

    rated: Callable  # fn() -> QuerySet of finished records that carry a rating
    open_bad: Callable  # fn() -> QuerySet of bad ratings whose complaint is not done
    person: str  # field of the person rated (an id)
    department: str  # field of the record's own department (an id), may be null
    rated_at: str  # when the rating was given
    bad_values: tuple  # the ratings that count as bad


def register_ratings(source: RatingSource):
    rating_sources[:] = [source]
    return source


def ratings() -> RatingSource | None:
    return rating_sources[0] if rating_sources else None

# (app label, codenames): the admin permissions an app grants the manager group (its
# own migration grants them too); ``seeding.ensure_role_groups`` restores them.
manager_permissions: list = []


def register_manager_permissions(app_label: str, codenames):
    manager_permissions.append((app_label, list(codenames)))

# 转交 (首问负责制, servicecenter.handover): the intake models whose first receiver may
# hand them to another window, department or person. ``holder`` is the model's FK to
# the person who holds the matter at the window (the one the clock declares
# responsible there): on 接收 it becomes the receiver; the first receiver stays on the
# handover row as 首问责任人.
handover_models: dict = {}


@dataclass(frozen=True)
class HandoverSpec:
    model: type
    holder: str  # FK field name, e.g. "received_by"
    label: str  # 信访, 维修, ... (the 工作台 category)
    url_name: str  # the record's page, reversed with its pk


def register_handover(model, holder: str, label: str, url_name: str):
    """One line per intake model in its app's setup.py."""
    handover_models[model] = HandoverSpec(model, holder, label, url_name)
    return handover_models[model]


def handover_spec(model) -> HandoverSpec | None:
    model = model if isinstance(model, type) else type(model)
    return handover_models.get(model._meta.concrete_model)


# Bad ratings given outside the follow-up calls (the window's rating screen, 评价器)
# open a rectification (整改) in the app that keeps complaints, which the rating's
# app does not import: fn(record, *, party, subject, content, user) -> the complaint,
# one per record (a second call returns it). ``party`` may be None (nobody known).
rectification_opener: list = []


def register_rectification_opener(fn):
    rectification_opener[:] = [fn]
    return fn


def open_rectification(record, *, party, subject: str, content: str, user=None):
    """The rectification of a bad rating ``record``; None when no app keeps
    complaints."""
    if not rectification_opener:
        return None
    return rectification_opener[0](record, party=party, subject=subject,
                                   content=content, user=user)

# Extra tables of the monthly accountability report (责任追究考核), from apps whose
# figures do not fit the per-process columns (the window ratings, say):
# fn(start, end) -> list of ReportSection, for the month [start, end).
report_sections: list = []


@dataclass(frozen=True)
class ReportSection:
    title: str  # 窗口评价（按窗口）
    head: str  # the first column's heading: 窗口, 科室, 姓名
    columns: tuple  # the figures' headings
    rows: list  # [(name, [figure, ...]), ...]; the last may be the total
    note: str = ""  # how the figures are counted, printed under the table


def register_report_section(fn):
    report_sections.append(fn)
    return fn
