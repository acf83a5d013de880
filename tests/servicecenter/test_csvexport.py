"""The one CSV writer: Chinese headers, labels, names, local time, no formulas."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from servicecenter.csvexport import csv_text, safe_cell
from tests.factories import PartyFactory
from tests.repairs.factories import RepairOrderFactory
from tests.tickets.factories import ServiceTicketFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _rows(response):
    assert response.streaming
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_admin_export_reads_as_a_manager_reads_it(client, manager, engineer):
    client.force_login(manager)
    ServiceTicketFactory(
        number="FW2026-00006", party=PartyFactory(name="城关村委会"), state="closed",
        engineer=engineer, emergency=False,
        due_at=datetime.datetime(2026, 12, 4, 15, 59, 59, tzinfo=UTC),
        created_at=datetime.datetime(2026, 12, 1, 16, 30, tzinfo=UTC))
    rows = _rows(client.get("/admin/tickets/serviceticket/export.csv"))
    assert rows[0] == ["编号", "客户", "服务方式", "来源渠道", "应急服务", "状态",
                       "服务工程师", "办理期限", "登记时间"]
    assert rows[1] == ["FW2026-00006", "城关村委会", "远程服务", "电话", "否", "已完结",
                       "李工程师", "2026-12-04 23:59", "2026-12-02 00:30"]


def test_admin_export_neutralises_formulas(client, manager):
    client.force_login(manager)
    for name in ["=HYPERLINK(\"http://x\",\"点击\")", "+1", "-2+3", "@SUM(A1)",
                 "\tcmd", "\rcmd"]:
        ServiceTicketFactory(party=PartyFactory(name=name))
    rows = _rows(client.get("/admin/tickets/serviceticket/export.csv"))
    parties = sorted(row[1] for row in rows[1:])
    assert all(p.startswith("'") for p in parties), parties
    assert "'=HYPERLINK(\"http://x\",\"点击\")" in parties


def test_repair_export_has_the_device_column(client, manager, clerk):
    client.force_login(manager)
    order = RepairOrderFactory(received_by=clerk)
    response = client.get("/admin/repairs/repairorder/export.csv")
    assert response.status_code == 200
    rows = _rows(response)
    assert rows[0][:4] == ["编号", "客户", "设备", "状态"]
    device = "笔记本电脑 联想 ThinkPad E14"
    assert rows[1][:3] == [order.number, str(order.party), device]


def test_export_is_local_time_even_for_an_utc_timestamp():
    moment = datetime.datetime(2026, 1, 1, 16, 0, tzinfo=ZoneInfo("UTC"))
    from servicecenter.csvexport import cell_text

    assert cell_text(moment) == "2026-01-02 00:00"
    assert cell_text(True) == "是" and cell_text(None) == ""


def test_every_csv_cell_that_could_run_is_quoted():
    cells = ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "ok", -3]
    assert [safe_cell(v) for v in cells] == [
        "'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", -3]
    text = csv_text(["名称"], [["=cmd|' /C calc'!A0"]])
    assert text == "\ufeff名称\r\n'=cmd|' /C calc'!A0\r\n"


def test_admin_export_queries_do_not_grow_with_rows(client, manager, engineer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/admin/tickets/serviceticket/export.csv").getvalue()
        return len(ctx.captured_queries)

    ServiceTicketFactory(engineer=engineer)
    few = queries()
    for _ in range(5):
        ServiceTicketFactory(engineer=engineer, party=PartyFactory())
    assert queries() == few  # party and engineer joined, no query per row
