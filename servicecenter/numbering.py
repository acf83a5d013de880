"""Gapless yearly numbers per record type: XF2026-00001, FW2026-00001, ...

The counter row is incremented with one upsert inside the caller's transaction. On
PostgreSQL the upsert holds the row lock until commit, so concurrent creators queue
behind each other; a rolled-back creation rolls its increment back too, so no number
is skipped or reused.
"""

from django.db import connection, transaction
from django.utils import timezone

WIDTHS = {"YN": 4}  # difficult cases: YN2026-0001


def next_number(prefix: str, year: int | None = None) -> str:
    """Allocate the next number; run inside the transaction that saves the record."""
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    year = year or timezone.localdate().year
    table = connection.ops.quote_name("servicecenter_serialcounter")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, value) VALUES (%s, %s, 1) "
            f"ON CONFLICT (prefix, year) DO UPDATE SET value = {table}.value + 1 "
            "RETURNING value",
            [prefix, year],
        )
        value = cursor.fetchone()[0]
    width = WIDTHS.get(prefix, 5)
    return f"{prefix}{year}-{value:0{width}d}"


def allocate(prefix: str, year: int | None = None) -> str:
    """Convenience for callers outside a transaction (e.g. the shell): own atomic."""
    with transaction.atomic():
        return next_number(prefix, year)
