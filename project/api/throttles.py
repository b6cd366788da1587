"""Rate limits: a fixed-window count per client, read in the same round trip to the cache as the
data generation the ETags need (project.api.etags), so a GET costs one round trip, not three.

The count is of requests per client in the current window of the rate's period (``600/minute``:
the clock's minutes). Where it lives follows the cache (settings.CACHES, :func:`counter`):

* **Redis** (``REDIS_URL``): one pipeline, ``SET count 0 EX period NX``, ``INCR count`` and
  ``MGET`` of the keys the view will read (the data generation), sent and answered together.
  Shared by every worker and host, and exact: INCR is atomic.
* **The database cache on SQLite** (the embedded default): the count is kept in this process's
  memory, so a request writes nothing (on SQLite every write takes the database's one write
  lock); the view's keys are read with one query. With several worker processes each counts
  its own clients: the limit is per process there. Redis is the shared path.
* **Any other cache** (the database cache on PostgreSQL): the count and the view's keys are read
  with one ``get_many``, and the count is written back with ``set``. Shared by every worker,
  but not atomic: two requests at once may be counted once, as DRF's own throttle would.

A fixed window is a trade-off: a client may send the whole limit at the end of one window and
again at the start of the next, so up to twice the limit in one period across a boundary. In
exchange, the count is one integer per client (DRF's sliding log keeps a list of timestamps it
must read, trim and write back on every request), and its increment is one command.

The client is REMOTE_ADDR, or the address that NUM_PROXIES trusted proxies put in
X-Forwarded-For (DRF's get_ident): a client cannot pick its own identity with that header.
"""

import functools
import logging
import math
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections, router
from django.http import HttpResponse
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)

# The WSGI environ's key for a count made before Django (project.api.conditional): the view's
# throttle takes it instead of counting the request twice. ``(count, keys read, what was found)``,
# or ``(None, (), None)`` when the cache did not answer. No header can name it (headers are HTTP_*).
COUNTED = "project.api.counted"


class RedisCounter:
    """The count and the other keys in one pipeline: one round trip."""

    def hit(self, cache: RedisCache, key: str, period: int, also: tuple[str, ...]) -> tuple[int, dict]:
        # The client and serializer of Django's RedisCache, so the keys and values are the ones
        # cache.get and cache.set use (a generation is set by project.api.etags with cache.set).
        client = cache._cache.get_client(write=True)
        count_key = cache.make_and_validate_key(key)
        pipe = client.pipeline(transaction=True)  # MULTI/EXEC: the count never lives without its expiry
        pipe.set(count_key, 0, ex=period, nx=True)
        pipe.incr(count_key)
        if also:
            pipe.mget([cache.make_and_validate_key(name) for name in also])
        results = pipe.execute()
        values = results[2] if also else []
        loads = cache._cache._serializer.loads
        return results[1], {
            name: loads(value) for name, value in zip(also, values, strict=True) if value is not None
        }


class MemoryCounter:
    """Counts in this process's memory; the other keys read with one ``get_many``.

    Past MAX_CLIENTS counts, those of ended windows are dropped, then all of them (a flood of
    new addresses must not grow the process without bound; the database cache drops a third of
    its entries past its MAX_ENTRIES).
    """

    MAX_CLIENTS = 100_000

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[str, tuple[float, int]] = {}  # key -> (its window's end, count)

    def hit(self, cache, key: str, period: int, also: tuple[str, ...]) -> tuple[int, dict]:
        moment = now()
        end = (moment // period + 1) * period
        with self.lock:
            ends, count = self.counts.get(key, (end, 0))
            count = count + 1 if ends == end else 1
            if key not in self.counts and len(self.counts) >= self.MAX_CLIENTS:
                self.counts = {k: v for k, v in self.counts.items() if v[0] > moment}
                if len(self.counts) >= self.MAX_CLIENTS:
                    self.counts = {}
            self.counts[key] = (end, count)
        return count, (cache.get_many(also) if also else {})

    def clear(self) -> None:
        with self.lock:
            self.counts = {}


class CacheCounter:
    """Any other cache: the count and the other keys in one ``get_many``, the count set back."""

    def hit(self, cache, key: str, period: int, also: tuple[str, ...]) -> tuple[int, dict]:
        found = cache.get_many([key, *also])
        count = found.pop(key, 0) + 1
        cache.set(key, count, timeout=period)
        return count, found


memory_counter = MemoryCounter()
now = time.time  # the clock the windows follow (a test moves it; the cache's own expiries do not)


def counter(cache) -> RedisCounter | MemoryCounter | CacheCounter:
    """Where the counts of ``cache`` (the default cache) are kept: see the module's docstring."""
    if isinstance(cache, RedisCache):
        return RedisCounter()
    if isinstance(cache, DatabaseCache):
        database = router.db_for_write(cache.cache_model_class)
        if connections[database].vendor == "sqlite":
            return memory_counter
    return CacheCounter()


class ClientRateThrottle(SimpleRateThrottle):
    """The API's per-client limit (API_THROTTLE_RATE; a throttle is made per request, so the
    setting is read per request), counted in fixed windows (see the module's docstring).

    The view may name cache keys to read in the same round trip (``cache_keys_to_read()``: the
    data generation of a GET's ETags); what was found is left on the request as ``cache_read``,
    or ``cache_read = None`` when the cache did not answer. Leaves ``(limit, remaining)`` on the
    request for the X-RateLimit-* headers.
    """

    scope = "api"
    setting = "API_THROTTLE_RATE"

    def get_rate(self):
        return getattr(settings, self.setting)

    # What this throttle counted, for the view a request is passed on to (COUNTED); set by allow_request.
    counted = None

    def allow_request(self, request, view):
        self.now = now()
        cache = caches["default"]
        keys = tuple(getattr(view, "cache_keys_to_read", tuple)())
        counted = request.META.pop(COUNTED, None)
        try:
            if counted is None:
                count, found = counter(cache).hit(cache, self.window_key(request), self.duration, keys)
                counted = (count, keys, found)
            elif counted[0] is not None:  # counted before the view (project.api.conditional)
                count, read, found = counted
                missing = [key for key in keys if key not in read]
                found = {**found, **cache.get_many(missing)} if missing else found
        except (RedisError, DatabaseError):
            # The cache is down: answer unthrottled rather than fail every request with a 500.
            logger.exception("rate limit not applied: the cache is unavailable")
            counted = (None, (), None)
        self.counted = counted
        if counted[0] is None:
            request.cache_read = None
            return True
        request.cache_read = found
        allowed = count <= self.num_requests
        request.rate_limit = (self.num_requests, max(0, self.num_requests - count) if allowed else 0)
        return allowed

    def window_key(self, request) -> str:
        """The client's count in the current window: the window's number is part of the key, so a
        new window starts from zero and an old count only waits for its expiry."""
        window = math.floor(self.now / self.duration)
        return f"throttle:{self.scope}:{self.duration}:{window}:{self.get_ident(request)}"

    def wait(self):
        """Seconds to the end of the window (Retry-After; DRF rounds it up)."""
        return self.duration - self.now % self.duration


class AdminLoginThrottle(SimpleRateThrottle):
    """Admin login attempts per client address (ADMIN_LOGIN_RATE), DRF's sliding log in the
    cache: only password attempts are counted, so its cost is of no concern."""

    scope = "admin_login"

    def get_rate(self):
        return settings.ADMIN_LOGIN_RATE

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (RedisError, DatabaseError):
            logger.exception("rate limit not applied: the cache is unavailable")
            return True

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RateLimitHeadersMixin:
    """X-RateLimit-Limit and X-RateLimit-Remaining on every answer of a throttled view
    (DRF adds Retry-After to a 429)."""

    def finalize_response(self, request, response, *args, **kwargs):
        return with_rate_limit_headers(request, super().finalize_response(request, response, *args, **kwargs))


def with_rate_limit_headers(request, response):
    """``response`` with the limit and what is left of it, when a throttle counted ``request``."""
    limit = getattr(request, "rate_limit", None)
    if limit is not None:
        response["X-RateLimit-Limit"] = str(limit[0])
        response["X-RateLimit-Remaining"] = str(limit[1])
    return response


def throttled_page(read: Callable[[], list[str]] = list):
    """Wrap a page outside the API (the conflict timeline): each request counts against the
    client's API budget (API_THROTTLE_RATE, the very count the API's requests add to), and
    beyond it the page is a 429 with Retry-After, in plain text. The cache keys ``read()`` names
    (the data generation the page's ETag is made of) are read in the same round trip and left
    on the request as ``cache_read`` (None when the cache did not answer), as for the API."""

    class Asks:  # what ClientRateThrottle asks of a view
        cache_keys_to_read = staticmethod(read)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            throttle = ClientRateThrottle()
            if not throttle.allow_request(request, Asks):
                wait = max(1, math.ceil(throttle.wait() or 1))
                response = HttpResponse(
                    f"Too many requests from your address; try again in {wait} seconds.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(wait)
            else:
                response = view(request, *args, **kwargs)
            return with_rate_limit_headers(request, response)

        return wrapped

    return decorate


def throttle_login_posts(view):
    """Wrap the admin login view: POSTs (password attempts) beyond ADMIN_LOGIN_RATE per client
    are a 429 with Retry-After; showing the form is never limited."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            throttle = AdminLoginThrottle()
            if not throttle.allow_request(request, None):
                wait = max(1, int(throttle.wait() or 1))
                response = HttpResponse(
                    f"Too many login attempts from your address; try again in {wait} seconds.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(wait)
                return response
        return view(request, *args, **kwargs)

    return wrapped
