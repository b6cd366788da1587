"""The API's routes: /api/v1/ resources, the schema, and the offline Swagger UI and Redoc."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from actors.api.views import ActorViewSet, CombatantViewSet, CommanderViewSet
from documents.api.views import DocumentViewSet
from events.api.views import ConflictViewSet, DemandViewSet, EventViewSet, PlaceViewSet, ReactionViewSet

from .docs import RedocView, SchemaView, SwaggerView
from .health import HealthView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = False  # /places.csv, /places/baku.json: `format=` is the one way
router.register("conflicts", ConflictViewSet)
router.register("combatants", CombatantViewSet)
router.register("commanders", CommanderViewSet)
router.register("events", EventViewSet)
router.register("reactions", ReactionViewSet)
router.register("demands", DemandViewSet)
router.register("actors", ActorViewSet)
router.register("places", PlaceViewSet)
router.register("documents", DocumentViewSet)

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

urlpatterns = [
    *export_routes,
    path("v1/", include(router.urls)),
    path("health/", HealthView.as_view(), name="health"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", RedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="redoc"),
]
