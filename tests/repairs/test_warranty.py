import datetime

from repairs.warranty import (
    IN,
    MANUFACTURER,
    OUT,
    UNKNOWN,
    add_months,
    warranty_end,
    warranty_status,
)

D = datetime.date


def test_warranty_last_day_is_covered():
    assert warranty_end(D(2025, 3, 15), 12) == D(2026, 3, 14)
    assert warranty_status(D(2025, 3, 15), 12, D(2026, 3, 14)) == IN


def test_warranty_day_after_last_day_is_out():
    assert warranty_status(D(2025, 3, 15), 12, D(2026, 3, 15)) == OUT


def test_warranty_by_manufacturer_on_last_day():
    assert warranty_status(D(2024, 1, 1), 24, D(2025, 12, 31), True) == MANUFACTURER
    assert warranty_status(D(2024, 1, 1), 24, D(2026, 1, 1), True) == OUT


def test_warranty_month_end_and_leap_year():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert warranty_end(D(2024, 2, 29), 12) == D(2025, 2, 27)
    assert warranty_status(D(2024, 2, 29), 12, D(2025, 2, 27)) == IN
    assert warranty_status(D(2024, 2, 29), 12, D(2025, 2, 28)) == OUT


def test_warranty_without_purchase_date_is_unknown():
    assert warranty_status(None, 12, D(2026, 1, 1)) == UNKNOWN


def test_warranty_of_zero_months_is_out_on_purchase_day():
    assert warranty_status(D(2026, 1, 1), 0, D(2026, 1, 1)) == OUT
