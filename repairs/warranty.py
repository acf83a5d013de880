"""Warranty status from the purchase date and the warranty period.

The warranty runs from the purchase date for ``months`` months: a device bought on
2025-03-15 with 12 months is covered up to and including 2026-03-14. When the month
has no such day (bought on 01-31, one month), the period ends on the last day of the
shorter month, minus one day, as the calendar month rule gives.
"""

import calendar
import datetime

IN = "in"
OUT = "out"
MANUFACTURER = "manufacturer"
UNKNOWN = "unknown"

STATUS_CHOICES = [
    (IN, "保修期内（本中心）"),
    (MANUFACTURER, "厂家保修"),
    (OUT, "保修期外"),
    (UNKNOWN, "无购机日期，按保外处理"),
]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def warranty_end(purchase_date: datetime.date | None,
                 months: int) -> datetime.date | None:
    """The last day the warranty covers, or None without a purchase date."""
    if purchase_date is None or not months:
        return None
    return add_months(purchase_date, months) - datetime.timedelta(days=1)


def warranty_status(purchase_date, months: int, on: datetime.date,
                    by_manufacturer: bool = False) -> str:
    """in / manufacturer / out / unknown on day ``on``."""
    if purchase_date is None:
        return UNKNOWN
    end = warranty_end(purchase_date, months)
    if end is None or on > end:
        return OUT
    return MANUFACTURER if by_manufacturer else IN
