"""A Redis cache that degrades to no cache while Redis cannot be reached.

The cache is optional by design: a read answers "not cached", a write is dropped,
and the outage is logged once (and its end once). After a failure Redis is left
alone for a few seconds, so a dead host does not add a connect timeout to every
call of every request. /healthz still sees the outage (its write does not read back).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class DegradingRedisCache(RedisCache):
    retry_after = 5.0  # seconds without trying Redis after a failure

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._down = False

    def _call(self, name, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            if self._down:
                self._forget_dropped_writes()
                self._down = False
                logger.warning("cache reachable again; its entries were dropped")
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            self._down_until = time.monotonic() + self.retry_after
            if not self._down:
                self._down = True
                logger.warning("cache unreachable, running without it: %s", exc)
            return fallback

    def _forget_dropped_writes(self):
        """Deletes (invalidations) dropped during the outage would leave stale
        entries behind once Redis is back: drop this cache's keys, start cold."""
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=self.make_and_validate_key("*"), count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # no cache: the key is missing, which callers already handle (ValueError)
        result = self._call("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)


class CountingRedisCache(DegradingRedisCache):
    """For counters that must keep counting while Redis is down: the rate limit of
    the public status lookup (办件查询). Dropping its writes would stop it counting
    (the lookup open to guessing the four digits); refusing would shut the lookup
    for every citizen. While Redis is down each process counts in its own memory
    instead: the limit holds per worker, so at worst it is the workers' number
    times looser, and the lookup keeps answering."""

    def __init__(self, server, params):
        from django.core.cache.backends.locmem import LocMemCache

        super().__init__(server, params)
        self._local = LocMemCache(f"counting-fallback-{id(self)}", {})

    def _call(self, name, fallback, *args, **kwargs):
        missing = object()
        result = super()._call(name, missing, *args, **kwargs)
        if result is missing:
            return getattr(self._local, name)(*args, **kwargs)
        return result

    def incr(self, key, delta=1, version=None):
        return self._call("incr", None, key, delta, version)
