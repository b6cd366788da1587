"""The schema endpoint and the documentation pages.

The schema is built once per process (generating it walks every view and serializer, far more
work than any API request) and throttled like the API. The Swagger UI and Redoc pages carry a
Content-Security-Policy that lets the browser fetch nothing from another host: Redoc's bundle
would otherwise load its logo from Redocly's CDN.
"""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer

from .throttles import ClientRateThrottle, RateLimitHeadersMixin

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
    # The schema, and its YAML or JSON text per renderer, made on first use in the process:
    # rendering the YAML costs more than building the schema's dict.
    built: dict = {}

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # No `lang` or `version` parameters: the API has one language and one version, and a
        # schema per client-chosen value would let clients fill the process's memory.
        if "schema" not in self.built:
            generator = self.generator_class(urlconf=self.urlconf, patterns=self.patterns)
            self.built["schema"] = generator.get_schema(request=request, public=self.serve_public)
        renderer = request.accepted_renderer
        key = (type(renderer), renderer.media_type)  # never the client's own Accept parameters
        if key not in self.built:
            self.built[key] = renderer.render(self.built["schema"], renderer.media_type, {})
        content_type = renderer.media_type + (f"; charset={renderer.charset}" if renderer.charset else "")
        response = HttpResponse(self.built[key], content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{self._get_filename(request, None)}"'
        return response

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
