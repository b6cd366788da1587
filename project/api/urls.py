"""The API's routes: /api/v1/ resources, the schema, and the offline Swagger UI and Redoc."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actors.api.views import ActorViewSet, CombatantViewSet, CommanderViewSet
from documents.api.views import DocumentViewSet
from events.api.views import ConflictViewSet, DemandViewSet, EventViewSet, PlaceViewSet, ReactionViewSet

from .health import HealthView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("conflicts", ConflictViewSet)
router.register("combatants", CombatantViewSet)
router.register("commanders", CommanderViewSet)
router.register("events", EventViewSet)
router.register("reactions", ReactionViewSet)
router.register("demands", DemandViewSet)
router.register("actors", ActorViewSet)
router.register("places", PlaceViewSet)
router.register("documents", DocumentViewSet)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("health/", HealthView.as_view(), name="health"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="redoc",
    ),
]
