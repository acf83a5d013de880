"""Levels' documents and report: the 村级受理回执 printed at the village on 送镇受理
(CJK font embedded, the village's opinion and the chain's limits), and each level's
time in the accountability report."""

import datetime
import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matters import pdf, services
from matters.levels_report import level_sections
from servicecenter.pdf import latest_issued
from tests.matters.factories import at
from tests.matters.levels_fixtures import at_village
from tests.pdfcheck import cjk_embedded

pytestmark = pytest.mark.django_db
SHOTS = "/work/shots"


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert cjk_embedded(fonts), fonts
    if os.path.isdir(SHOTS) and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(path),
                        f"{SHOTS}/levels-village-receipt"], check=True)
    return "".join(text.split())


def test_village_receipt_is_issued_on_send_to_town(
        village_clerk, zhaijidi, tmp_path, django_capture_on_commit_callbacks):
    app = at_village(village_clerk, zhaijidi)
    assert not pdf.can_issue(app, pdf.VILLAGE_RECEIPT)  # nothing to print yet
    with django_capture_on_commit_callbacks(execute=True):
        app = services.send_to_town_application(
            app, village_clerk, opinion="经村委会审核，同意上报。")
    issued = latest_issued(app, pdf.VILLAGE_RECEIPT)
    assert issued is not None
    with issued.file.open("rb") as fh:
        text = _text(fh.read(), tmp_path)
    for expected in ("村级受理回执", app.number, "城关村", "经村委会审核，同意上报。",
                     "杨秀兰", "村委会", "7个工作日", "镇人民政府（审核）"):
        assert expected in text, expected


def test_report_counts_each_levels_time(village_clerk, clerk, zhaijidi, clock):
    clock(at(28, 10, month=9))
    app = at_village(village_clerk, zhaijidi)
    clock(at(9, 10, month=10))  # 4 working days at the village (over 国庆)
    app = services.send_to_town_application(app, village_clerk, opinion="同意。")
    clock(at(13, 10, month=10))
    late = at_village(village_clerk, zhaijidi)  # still at the village at month end
    late.levels.update(due_at=at(20, 10, month=10))
    services.receive_from_village_application(app, clerk)
    # the report gives the month as days, [1 Oct, 1 Nov)
    [section] = level_sections(datetime.date(2026, 10, 1), datetime.date(2026, 11, 1))
    rows = dict(section.rows)
    assert rows["村级"][:2] == [1, 4.0] and rows["村级"][4] == 1
    assert rows["镇级"][0] == 0 and rows["合计"][0] == 1


def test_report_is_one_grouped_query_over_the_stages(village_clerk, clerk, zhaijidi,
                                                      clock):
    """Grouped in SQL by (level, received day, closed day), not a row per stage into
    Python, and without the stages' default ordering (it joined every 办件)."""
    clock(at(28, 10, month=9))
    for _ in range(2):
        app = at_village(village_clerk, zhaijidi)
        clock(at(9, 10, month=10))
        services.send_to_town_application(app, village_clerk, opinion="同意。")
        clock(at(28, 10, month=9))
    with CaptureQueriesContext(connection) as ctx:
        [section] = level_sections(datetime.date(2026, 10, 1),
                                   datetime.date(2026, 11, 1))
    assert dict(section.rows)["村级"][:2] == [2, 4.0]
    [sql] = [q["sql"] for q in ctx.captured_queries
             if "calendar" not in q["sql"].lower()]
    assert "GROUP BY" in sql and '"matters_application"' not in sql
