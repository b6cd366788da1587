"""Rate limits, counted in the shared cache (Redis or the database: settings.CACHES), so every
worker and process sees the same counts.

The client is REMOTE_ADDR, or the address that NUM_PROXIES trusted proxies put in
X-Forwarded-For (DRF's get_ident): a client cannot pick its own identity with that header.
"""

import functools
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class ClientRateThrottle(SimpleRateThrottle):
    """The API's per-client limit (API_THROTTLE_RATE; a throttle is made per request, so the
    setting is read per request).

    Leaves ``(limit, remaining)`` on the request for the X-RateLimit-* headers.
    """

    scope = "api"
    setting = "API_THROTTLE_RATE"

    def get_rate(self):
        return getattr(settings, self.setting)

    def allow_request(self, request, view):
        try:
            allowed = super().allow_request(request, view)
        except (RedisError, DatabaseError):
            # The cache is down: answer unthrottled rather than fail every request with a 500.
            logger.exception("rate limit not applied: the cache is unavailable")
            return True
        remaining = max(0, self.num_requests - len(self.history)) if allowed else 0
        request.rate_limit = (self.num_requests, remaining)
        return allowed

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AdminLoginThrottle(ClientRateThrottle):
    scope = "admin_login"
    setting = "ADMIN_LOGIN_RATE"


class RateLimitHeadersMixin:
    """X-RateLimit-Limit and X-RateLimit-Remaining on every answer of a throttled view
    (DRF adds Retry-After to a 429)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        limit = getattr(request, "rate_limit", None)
        if limit is not None:
            response["X-RateLimit-Limit"] = str(limit[0])
            response["X-RateLimit-Remaining"] = str(limit[1])
        return response


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
