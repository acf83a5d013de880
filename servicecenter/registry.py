"""What apps contribute to shared pages, registered in each AppConfig.ready().

- ``party_sections``: fn(party, user) -> dict(title, rows=[{number, url, summary,
  state, date}]) for the Party page ("one customer view").
- ``queue_counts``: fn(user) -> list of dict(label, count, url) for 工作台 and the
  navigation.
- ``nav_items``: (order, label, url_name, roles or None) for the window navigation.
"""

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

# DeadlineSpec rows (servicecenter.sweep) for the deadline sweep, and extra sweepers
# fn(now) -> dict of counts for rules of one app (auto-close, maintenance plans).
deadline_specs: list = []
sweepers: list = []


def register_deadline(spec):
    deadline_specs.append(spec)
    return spec


def register_sweeper(fn):
    sweepers.append(fn)
    return fn

# fn(user) -> list of servicecenter.workqueue.WorkItem: what this user must act on now.
work_items: list = []


def register_work_items(fn):
    work_items.append(fn)
    return fn

# fn(ctx) -> list of servicecenter.benchmark.Target, measured by `manage.py benchmark`;
# fn(ctx) -> list of (name, callable returning PDF bytes) for PDF timings;
# (weight, fn(count, ctx) -> int records made) for `manage.py generate_data`, and
# fn(ctx) -> int records made, run after every generator (records that follow up
# other apps' records, such as the follow-up calls of closed tickets and repairs).
benchmark_targets: list = []
pdf_benchmarks: list = []
data_generators: list = []
data_finishers: list = []

# Stored files (servicecenter.files): model label ("petitions.petition") -> fn(user,
# record) -> bool, the process's one visibility rule, asked for the record a file
# belongs to; and kind -> fn(pk) -> files.StoredFile | None for each file field.
record_visibility: dict = {}
file_sources: dict = {}


def register_visibility(model_label: str, fn):
    record_visibility[model_label.lower()] = fn
    return fn


def register_file_source(kind: str, fn):
    file_sources[kind] = fn
    return fn
