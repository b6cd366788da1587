"""Hot pages in the shared cache (opt-in: PAGE_CACHE_SECONDS, docs/operations/scaling.md).

The rendered answer to an anonymous GET of a JSON list or detail (or of an action a viewset
tags as it tags them, ``tagged_actions``: a conflict's timeline) is kept in the shared cache,
so any worker or host answers the same request again without reading the data. The key holds
the data generation (``project.api.etags``), which every write replaces: a kept page is never
served after the data it shows changed, and no page has to be found and deleted. Beside the
generation, the key holds what else decides the bytes: the release's code (a deploy never
serves a page an older release rendered), the absolute URL (links are absolute) and the
representation (the accepted media type, whose parameters such as ``indent`` change the body).

What stays per request: authentication, the throttle (it runs before the page is looked up,
and its X-RateLimit-* headers are never kept), query-parameter checks, and 304 answers to a
matching If-None-Match. Curators (any authenticated caller) are never served a kept page, nor
is anything but a 200 kept. A cache that fails is logged and the page is built as usual.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer

from . import etags

logger = logging.getLogger(__name__)

ACTIONS = {"list", "retrieve"}


def kept_actions(view) -> set[str]:
    """The actions whose answers are kept: lists, details, and the viewset's tagged actions."""
    return {*ACTIONS, *view.tagged_actions}


PER_REQUEST_HEADERS = ("x-ratelimit-",)


def page_key(view, request) -> str | None:
    """The page's key, or None when this request is not served from the cache."""
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method != "GET"
        or view.action not in kept_actions(view)
        or request.user.is_authenticated
        or view.current_generation is None
        or not isinstance(request.accepted_renderer, JSONRenderer)
    ):
        return None
    parts = [
        view.current_generation,
        etags.code_version(),
        request.build_absolute_uri(),
        request.accepted_media_type,
    ]
    return "api:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def serve(view, handler, request, *args, **kwargs):
    """The kept page, or the handler's answer, marked to be kept once rendered."""
    key = page_key(view, request)
    if key is None:
        return handler(request, *args, **kwargs)
    not_modified = view.not_modified()  # a matching If-None-Match is still a 304
    if not_modified is not None:
        return not_modified
    try:
        kept = cache.get(key)
    except Exception:  # any cache backend error: build the page
        logger.exception("page not read from the cache: the cache does not answer")
        kept = None
    if kept is not None:
        content, headers = kept
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
    view.page_cache_key = key
    return handler(request, *args, **kwargs)


def keep(key: str, response) -> None:
    response.render()
    headers = [(k, v) for k, v in response.items() if not k.lower().startswith(PER_REQUEST_HEADERS)]
    try:
        cache.set(key, (response.content, headers), timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("page not stored in the cache: the cache does not answer")


class PageCacheMixin:
    """Serves the JSON list and detail of a viewset from the shared cache when PAGE_CACHE_SECONDS
    is set. It wraps the GET handler, so it runs after authentication, the throttle and the
    view's own checks (``initial``), and keeps the answer once DRF finalized it."""

    page_cache_key = None

    def dispatch(self, request, *args, **kwargs):
        # DRF names the action only inside dispatch; the GET handler is already bound to it.
        if (
            settings.PAGE_CACHE_SECONDS
            and request.method == "GET"
            and self.action_map.get("get") in kept_actions(self)
        ):
            handler = self.get
            self.get = lambda request, *args, **kwargs: serve(self, handler, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.page_cache_key is not None and response.status_code == 200:
            keep(self.page_cache_key, response)
        return response
