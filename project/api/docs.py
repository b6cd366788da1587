"""The schema endpoint and the documentation pages.

The schema is built once per release, not per process: generating it walks every view and
serializer, far more work than any API request, so each rendering is kept in the process and in
the shared cache (Redis or the database), where a new worker or host finds it. The cache key
holds a fingerprint of the code it is made from, so a new release never serves an old schema;
a cache that fails costs a build, never an error. The endpoint is throttled like the API. The Swagger UI and Redoc pages carry a
Content-Security-Policy that lets the browser fetch nothing from another host: Redoc's bundle
would otherwise load its logo from Redocly's CDN.
"""

import functools
import hashlib
import logging
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer

from .throttles import ClientRateThrottle, RateLimitHeadersMixin

logger = logging.getLogger(__name__)

# What the schema is made of: the project's packages (views, serializers, filter sets, hooks,
# settings) and the libraries that generate and render it.
SCHEMA_PACKAGES = ("project", "events", "actors", "documents")
SCHEMA_LIBRARIES = ("django", "djangorestframework", "drf-spectacular", "django-filter", "pyyaml")
# Old releases' copies expire; the current one is built again at most this often.
SCHEMA_CACHE_SECONDS = 7 * 24 * 3600


@functools.cache
def code_fingerprint(root: Path = settings.BASE_DIR) -> str:
    """A hash of the packages' Python sources and the libraries' versions. Contents, not file
    times: every host of one release agrees, however its copy was written (about 90 files,
    read once per process)."""
    digest = hashlib.sha256()
    for name in SCHEMA_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}\n".encode())
    sources = (path for package in SCHEMA_PACKAGES for path in (root / package).rglob("*.py"))
    for path in sorted(path for path in sources if "migrations" not in path.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


DOCS_CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",  # Redoc and Swagger UI style elements inline
        "script-src 'self' 'unsafe-inline'",  # the pages' own small init scripts
        "worker-src 'self' blob:",  # Redoc's search index runs in a worker made from a blob
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class SchemaView(RateLimitHeadersMixin, SpectacularAPIView):
    throttle_classes = [ClientRateThrottle]
    # The schema, and its YAML or JSON text per renderer, made on first use in the process (or
    # read from the shared cache): rendering the YAML costs more than building the schema's dict.
    built: dict = {}

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # No `lang` or `version` parameters: the API has one language and one version, and a
        # schema per client-chosen value would let clients fill the process's memory.
        renderer = request.accepted_renderer
        key = (type(renderer), renderer.media_type)  # never the client's own Accept parameters
        if key not in self.built:
            self.built[key] = self.shared(request, renderer)
        content_type = renderer.media_type + (f"; charset={renderer.charset}" if renderer.charset else "")
        response = HttpResponse(self.built[key], content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{self._get_filename(request, None)}"'
        return response

    def shared(self, request, renderer) -> bytes:
        """The rendering from the shared cache, or built and put there."""
        cache_key = f"api:schema:{code_fingerprint()}:{renderer.format}:{renderer.media_type}"
        try:
            content = cache.get(cache_key)
        except Exception:  # any cache backend error: build it here instead
            logger.exception("schema not read from the cache: the cache does not answer")
            content = None
        if content is not None:
            return content
        if "schema" not in self.built:
            generator = self.generator_class(urlconf=self.urlconf, patterns=self.patterns)
            self.built["schema"] = generator.get_schema(request=request, public=self.serve_public)
        content = renderer.render(self.built["schema"], renderer.media_type, {})
        try:
            cache.set(cache_key, content, timeout=SCHEMA_CACHE_SECONDS)
        except Exception:
            logger.exception("schema not stored in the cache: the cache does not answer")
        return content

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error (429) is the API's JSON error body, not YAML.
        request = self.request
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return response


class CSPMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class SwaggerView(CSPMixin, SpectacularSwaggerView):
    pass


class RedocView(CSPMixin, SpectacularRedocView):
    pass
