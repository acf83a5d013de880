"""Every documented way of starting gunicorn uses the redacting logger."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_serve_and_the_systemd_unit_read_gunicorn_conf():
    makefile = (ROOT / "Makefile").read_text().split("\nserve:", 1)[1].split("\n\n")[0]
    unit = re.search(r"ExecStart=\S+/gunicorn .*?(?=\n\S)",
                     (ROOT / "README.md").read_text(), re.S).group(0)
    for command in (makefile, unit):
        assert re.search(r"--config \S*gunicorn\.conf\.py", command), command
    conf = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), conf)
    assert conf["logger_class"] == "servicecenter.logs.GunicornLogger"


def test_the_wsgi_module_freezes_what_start_up_loaded_out_of_the_collector():
    import os
    import subprocess
    import sys

    code = ("import gc, servicecenter.wsgi; "
            "print(gc.get_freeze_count() > 50_000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, env={**os.environ, "DEBUG": "1"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"
