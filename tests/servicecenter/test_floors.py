"""Floors (STYLE.md "Layout"): ``servicecenter/`` is the ground floor and imports no
app; ``tickets`` and ``repairs`` do not import each other (follow-up calls go through
``servicecenter.registry``); ``loadgen/`` stands above the product and nothing in the
product imports it. Every import counts: at module or function level, and a module
named by a string to ``importlib.import_module`` or ``__import__``."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {"petitions", "tickets", "repairs"}


def imported_modules(path: Path):
    """(line, module) of every absolute import in the file, nested ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif named := _module_by_name(node):
            yield node.lineno, named


def _module_by_name(node) -> str | None:
    """The module of ``import_module("x")`` / ``__import__("x")`` with a literal."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    arg = node.args[0]
    if name in ("import_module", "__import__") and isinstance(arg, ast.Constant) \
            and isinstance(arg.value, str):
        return arg.value
    return None


def imports_of(package: str, forbidden: set[str]) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts:
            continue
        for line, module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                found.append(f"{rel}:{line} imports {module}")
    return found


def test_servicecenter_imports_no_app():
    assert imports_of("servicecenter", APPS) == []


def test_tickets_and_repairs_do_not_import_each_other():
    assert imports_of("tickets", {"repairs"}) + imports_of("repairs", {"tickets"}) == []


def test_the_product_does_not_import_loadgen():
    found = [hit for package in ("servicecenter", *sorted(APPS))
             for hit in imports_of(package, {"loadgen"})]
    assert found == []


def test_the_scan_sees_function_level_and_named_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import importlib\n\n\ndef f():\n"
                     "    from tickets.models import Revisit\n"
                     "    import repairs.services\n"
                     "    importlib.import_module('petitions.migrations.0002_x')\n",
                     encoding="utf-8")
    assert list(imported_modules(probe)) == [
        (1, "importlib"), (5, "tickets.models"), (6, "repairs.services"),
        (7, "petitions.migrations.0002_x")]
