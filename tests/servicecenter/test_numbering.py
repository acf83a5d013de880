import threading

import pytest
from django.db import connection, transaction

from servicecenter.models import SerialCounter
from servicecenter.numbering import allocate, next_number


@pytest.mark.django_db
def test_numbers_are_yearly_and_padded():
    assert allocate("XF", 2026) == "XF2026-00001"
    assert allocate("XF", 2026) == "XF2026-00002"
    assert allocate("XF", 2027) == "XF2027-00001"
    assert allocate("YN", 2026) == "YN2026-0001"


@pytest.mark.django_db
def test_rolled_back_creation_leaves_no_gap():
    allocate("FW", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number("FW", 2026)
        raise RuntimeError("the record failed to save")
    assert allocate("FW", 2026) == "FW2026-00002"


@pytest.mark.django_db(transaction=True)
def test_next_number_outside_transaction_is_refused():
    with pytest.raises(RuntimeError):
        next_number("FW", 2026)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_creators_get_gapless_unique_numbers():
    barrier = threading.Barrier(20)
    results, errors = [], []

    def create(i):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                number = next_number("WX", 2026)
                if i % 5 == 0:  # every fifth creator fails after taking a number
                    raise ValueError("rollback")
            results.append(number)
        except ValueError:
            pass
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [f"WX2026-{n:05d}" for n in range(1, 17)]
    assert SerialCounter.objects.get(prefix="WX", year=2026).value == 16
