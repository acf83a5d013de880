"""Floors (STYLE.md "Layout"): ``servicecenter/`` is the ground floor and imports no
app; ``tickets`` and ``repairs`` do not import each other (follow-up calls go through
``servicecenter.registry``). Every import counts, at module or function level."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {"petitions", "tickets", "repairs"}
# G2 rewrites servicecenter/reports/processes.py's state tuples; the integrator removes
# this exemption after merging h/g2.
EXEMPT = {"servicecenter/reports/processes.py"}


def imported_modules(path: Path):
    """(line, module) of every absolute import in the file, nested ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def imports_of(package: str, forbidden: set[str]) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts or rel in EXEMPT:
            continue
        for line, module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                found.append(f"{rel}:{line} imports {module}")
    return found


def test_servicecenter_imports_no_app():
    assert imports_of("servicecenter", APPS) == []


def test_tickets_and_repairs_do_not_import_each_other():
    assert imports_of("tickets", {"repairs"}) + imports_of("repairs", {"tickets"}) == []


def test_the_scan_sees_function_level_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from tickets.models import Revisit\n"
                     "    import repairs.services\n", encoding="utf-8")
    assert list(imported_modules(probe)) == [(2, "tickets.models"),
                                             (3, "repairs.services")]
