"""Revalidations of lists answered before Django: the WSGI application's first step.

A list's ETag (project.api.etags) is a hash of the public data generation, the request's
absolute URL and the representation. The generation is a random token that is never shown and
is replaced by every change to published data, so a tag can only be one a 200 of that very URL
carried in the current generation: a client cannot make one up, and a URL that was refused
(an unknown parameter, a draft filter) was never given one. When such a tag comes back in
If-None-Match, the view's answer is known before it runs: 304, with the same ETag.

:class:`ConditionalLists` gives that answer without Django's middleware, DRF's dispatch or the
view, which are most of a 304's time, for the requests where nothing else can change it:

* a GET or HEAD of a list of the API (a ``RecordViewSet``'s ``list``) whose authentication is
  by token, with no Authorization header (anonymous), no Origin (CORS answers per origin) and
  an Accept that is absent, ``*/*`` or ``application/json`` (others may be a 406);
* a host ALLOWED_HOSTS accepts, and no redirect to HTTPS pending (SECURE_SSL_REDIRECT);
* after the client's rate-limit count, which is made here, once: a request this path passes on
  carries its count to the view's throttle (:data:`COUNTED`), which does not count it again.
  A client over its limit is passed on, and the view answers its 429.

Anything else, and any tag that does not match, goes through Django as before. The headers of
the 304 are those Django gave the same list's 304 (per view and scheme), learnt from the first
one this process passed on; only ETag and the X-RateLimit-* figures are the request's own.
tests/api/test_conditional.py compares this path's answers with Django's, header by header.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.urls import Resolver404, get_urlconf, resolve
from rest_framework.authentication import TokenAuthentication

from . import etags
from .throttles import COUNTED, ClientRateThrottle

logger = logging.getLogger(__name__)

PLAIN_ACCEPTS = {None, "*/*", "application/json"}
# Headers of a 304 that are this request's own, never learnt.
OWN_HEADERS = ("etag", "x-ratelimit-", "date")


class Asks:
    """What the throttle asks of a view: the keys read in its round trip (the public generation)."""

    @staticmethod
    def cache_keys_to_read():
        return tuple(etags.generation_keys(drafts=False))


# What list_view found, by URLconf and path: resolving is a third of this path's time. Emptied
# when full, so a client sending endless new paths costs memory only up to its size.
VIEWS: dict[tuple[str, str], type | None] = {}
VIEWS_SIZE = 4096


def list_view(path: str):
    """The RecordViewSet whose list ``path`` is, when this path may answer for it; else None."""
    key = (get_urlconf() or settings.ROOT_URLCONF, path)
    try:
        return VIEWS[key]
    except KeyError:
        pass
    if len(VIEWS) >= VIEWS_SIZE:
        VIEWS.clear()
    VIEWS[key] = view = resolved_list_view(path)
    return view


def resolved_list_view(path: str):
    from .views import RecordViewSet  # the views import this module's neighbours

    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "cls", None)
    actions = getattr(match.func, "actions", None) or {}
    if (
        view is None
        or not issubclass(view, RecordViewSet)
        or actions.get("get") != "list"
        or list(view.throttle_classes) != [ClientRateThrottle]
        or not all(issubclass(auth, TokenAuthentication) for auth in view.authentication_classes)
    ):
        return None
    return view


class ConditionalLists:
    """WSGI middleware: answers a matching revalidation of an anonymous list (see the module)."""

    def __init__(self, application):
        self.application = application
        self.learnt: dict[tuple, list[tuple[str, str]]] = {}  # (view, scheme) -> a 304's headers

    def __call__(self, environ, start_response):
        try:
            answer = self.not_modified(environ)
        except Exception:  # a shortcut never fails a request: Django answers it (and says why, if it must)
            logger.exception("revalidation passed on to Django: the shortcut failed")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        key, headers = answer
        learnt = self.learnt.get(key)
        if learnt is None:
            return self.learn(key, environ, start_response)
        start_response("304 Not Modified", [*learnt, *headers])
        return []

    def not_modified(self, environ) -> tuple[tuple, list[tuple[str, str]]] | None:
        """``(key, headers)`` when this request's answer is a 304 with those headers of its own;
        None to pass it on. Counts the request against its client's limit when the request is
        one this path answers for, and leaves the count in ``environ`` for the view."""
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or "HTTP_IF_NONE_MATCH" not in environ
            or "HTTP_AUTHORIZATION" in environ
            or "HTTP_ORIGIN" in environ
            or environ.get("HTTP_ACCEPT") not in PLAIN_ACCEPTS
        ):
            return None
        request = WSGIRequest(environ)
        view = list_view(request.path_info)
        if view is None or (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        throttle = ClientRateThrottle()
        allowed = throttle.allow_request(request, Asks)
        environ[COUNTED] = throttle.counted
        generation = (request.cache_read or {}).get(etags.GENERATION_KEY)
        if not allowed or generation is None:
            return None
        tag = etags.tag_for(generation, request.build_absolute_uri(), etags.variant("json", drafts=False))
        if tag not in etags.none_match(request):
            return None
        limit, remaining = request.rate_limit
        headers = [
            ("ETag", tag),
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(remaining)),
        ]
        return (view, request.scheme), headers

    def learn(self, key, environ, start_response):
        """Pass the request on and keep the headers of Django's 304 for this view and scheme."""

        def learning(status, headers, exc_info=None):
            if status.startswith("304 "):
                self.learnt[key] = [
                    (name, value) for name, value in headers if not name.lower().startswith(OWN_HEADERS)
                ]
            return start_response(status, headers, exc_info)

        return self.application(environ, learning)
