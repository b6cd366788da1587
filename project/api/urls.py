"""The API's routes, built for the resources the root URLs name: /api/v1/ resources and their
exports, health, the schema, and the offline Swagger UI and Redoc."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .docs import RedocView, SchemaView, SwaggerView
from .health import HealthView


def api_urls(resources) -> list:
    """The URL patterns under /api/ for ``resources``: (prefix, viewset) pairs, in the order the
    index and the schema list them."""
    router = DefaultRouter(trailing_slash=True)
    router.include_root_view = False
    router.include_format_suffixes = False  # /places.csv, /places/baku.json: `format=` is the one way
    for prefix, viewset in resources:
        router.register(prefix, viewset)

    # Each list's exports, operations of their own: `export.csv` cannot be a slug (a dot), so an
    # export never hides a record.
    export_routes = [
        path(
            f"v1/{prefix}/export.{fmt}",
            viewset.as_view({"get": f"export_{fmt}"}),
            name=f"{basename}-export-{fmt}",
        )
        for prefix, viewset, basename in router.registry
        for fmt in ("csv", "jsonl")
    ]

    return [
        *export_routes,
        path("v1/", include(router.urls)),
        path("health/", HealthView.as_view(), name="health"),
        path("schema/", SchemaView.as_view(), name="schema"),
        path("docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
        path("redoc/", RedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="redoc"),
    ]
