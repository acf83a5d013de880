"""`make test` fails on a packaging deprecation warning (scripts/check_packaging.sh)."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = ["bash", str(ROOT / "scripts" / "check_packaging.sh")]


def _copy(tmp_path):
    src = tmp_path / "src"
    for name in ("pyproject.toml", "README.md"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, src / name)
    return src


def test_the_package_builds_without_deprecation_warnings(tmp_path):
    result = subprocess.run([*CHECK, str(_copy(tmp_path))], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deprecated_license_table_fails_the_check(tmp_path):
    src = _copy(tmp_path)
    toml = src / "pyproject.toml"
    table = 'license = { text = "AGPL-3.0-or-later" }'
    toml.write_text(toml.read_text().replace('license = "AGPL-3.0-or-later"', table))
    result = subprocess.run([*CHECK, str(src)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert "deprecat" in result.stdout.lower()
    assert "printed the deprecation warnings" in result.stderr


def test_make_test_runs_the_check():
    recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/check_packaging.sh" in recipe
