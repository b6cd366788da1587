"""Root URLs: the admin and, under /api/, the API, its schema and its documentation.

The one place that names the apps' resources: the framework (project/api) builds the routes of
whatever it is given here.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from actors.api.views import ActorViewSet, CombatantViewSet, CommanderViewSet
from documents.api.views import CitationViewSet, DocumentViewSet
from events.api.views import ConflictViewSet, DemandViewSet, EventViewSet, PlaceViewSet, ReactionViewSet
from events.views import conflict_timeline
from project.api.throttles import throttle_login_posts
from project.api.urls import api_urls
from project.front import FrontDoorView
from project.releases import urls as releases

# /api/v1/<prefix>/: each resource and the viewset that serves it, in the order the schema lists them.
RESOURCES = [
    ("conflicts", ConflictViewSet),
    ("combatants", CombatantViewSet),
    ("commanders", CommanderViewSet),
    ("events", EventViewSet),
    ("reactions", ReactionViewSet),
    ("demands", DemandViewSet),
    ("actors", ActorViewSet),
    ("places", PlaceViewSet),
    ("documents", DocumentViewSet),
    ("citations", CitationViewSet),
]

# The models' sidebar took a third of a 1366 px screen from every list (whose last columns were
# cut off); the admin's home page and breadcrumbs lead to every model.
admin.site.enable_nav_sidebar = False


def no_favicon(request):
    """Browsers ask every site for /favicon.ico. This one has none and says so for a day with a
    204, rather than a 404 that every page's console reports as an error."""
    return HttpResponse(status=204, headers={"Cache-Control": "max-age=86400"})


# The front door: where to go next, for browsers (HTML) and programs (JSON).
front_door = FrontDoorView.as_view(resources=[prefix for prefix, _ in RESOURCES] + ["releases"])

urlpatterns = [
    path("", front_door, name="front-door"),
    path("api/", front_door, name="api-front-door"),
    path("api/v1/", front_door, name="api-v1-front-door"),
    # Before the admin's own URLs, so this one answers /admin/login/: password attempts are limited.
    path("admin/login/", throttle_login_posts(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/", include(api_urls(RESOURCES))),
    # A page for people, outside the API (its JSON is /api/v1/conflicts/<slug>/timeline/).
    path("conflicts/<slug:slug>/timeline/", conflict_timeline, name="conflict-timeline-page"),
    path("favicon.ico", no_favicon),
    path("api/", include(releases.api_urls)),
    path("releases/", include(releases.download_urls)),
]

# JSON error bodies for /api/ paths even when Django itself answers (unknown URL, crash).
handler400 = "project.api.errors.bad_request"
handler403 = "project.api.errors.permission_denied"
handler404 = "project.api.errors.page_not_found"
handler500 = "project.api.errors.server_error"
