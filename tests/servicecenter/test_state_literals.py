"""No state string of a process outside its model's module (STYLE "Time rules").

Code elsewhere names a state through the model's enum (``ServiceTicket.State.CLOSED``)
or asks the model's ``clock``; a quoted ``"in_progress"`` in a view, a report or a
template is a second copy of the rules that will drift.
"""

import inspect
import re
from pathlib import Path

from django.conf import settings

from servicecenter import registry

ROOT = Path(settings.BASE_DIR)
# state values that are also the plain words the code uses for other things (report
# columns, dictionary keys, dates): matching them would only find those
# ("special" is also a service ticket's channel, 专题服务)
ORDINARY = {"new", "pending", "received", "handled", "unreachable", "rejected",
            "special"}
EXEMPT = (
    "tests/",  # the tests build records in given states
    "scripts/",  # the smoke script drives the running site over HTTP, like a test
    ".venv/", "node_modules/", "static/",
    "loadgen/",  # bulk data and benchmarks build records in given states
)
# demo seeders build the demo's records in given states
GENERATED = re.compile(r"(^|/)demo\.py$")


def _state_models():
    return list(registry.clocks)


def _values(model) -> set[str]:
    field = model._meta.get_field(model.clock.state_field)
    return {value for value, _ in field.choices}


def _home(model) -> set[str]:
    """The model's module and, for a models package, its siblings; and those of the
    abstract models it inherits its state field from (servicecenter.extension)."""
    homes = set()
    for cls in model.__mro__:
        meta = getattr(cls, "_meta", None)
        if meta is None or not (cls is model or meta.abstract):
            continue
        path = Path(inspect.getfile(cls)).resolve().relative_to(ROOT)
        homes |= ({str(p.relative_to(ROOT)) for p in (ROOT / path.parent).glob("*.py")}
                  if path.parent.name == "models" else {str(path)})
    return homes


def _owners() -> dict[str, set[str]]:
    """state literal -> the files allowed to spell it."""
    owners: dict[str, set[str]] = {}
    for model in _state_models():
        for value in _values(model) - ORDINARY:
            owners.setdefault(value, set()).update(_home(model))
    return owners


def _sources():
    for path in sorted(ROOT.rglob("*")):
        rel = str(path.relative_to(ROOT))
        if path.suffix not in (".py", ".html", ".txt") or not path.is_file():
            continue
        if rel.startswith(EXEMPT) or "/migrations/" in rel or GENERATED.search(rel):
            continue
        yield rel, path.read_text(encoding="utf-8", errors="replace")


def _pattern(owners):
    words = "|".join(sorted(owners, key=len, reverse=True))
    return re.compile(rf"""(['"])({words})\1""")


def test_no_state_literal_outside_its_model_module():
    owners = _owners()
    literal = _pattern(owners)
    found = []
    for rel, text in _sources():
        for number, line in enumerate(text.splitlines(), 1):
            for match in literal.finditer(line):
                if rel not in owners[match.group(2)]:
                    found.append(f"{rel}:{number}: {match.group(0)}")
    assert not found, "state literals outside their model modules:\n" + "\n".join(found)


def test_the_literal_check_sees_a_state_string(tmp_path):
    """The pattern catches a quoted state in code and in a template."""
    owners = _owners()
    assert {"in_progress", "awaiting_parts", "at_vendor", "closed", "scheduled",
            "under_re_review", "requested"} <= set(owners)
    literal = _pattern(owners)
    assert literal.search("qs.filter(state='in_progress')")
    assert literal.search('{% if t.state == "closed" %}')
    assert not literal.search("qs.filter(state=ServiceTicket.State.IN_PROGRESS)")
