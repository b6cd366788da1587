"""The front door: what `/`, `/api/` and `/api/v1/` answer, a short page for people (HTML) and
the same links for programs (JSON), chosen by ``Accept`` as the API chooses its formats.

It names where to go next: the documentation pages and the OpenAPI spec, each resource's list,
the data releases, the published conflicts' timelines, the health check and the admin. Part of
the root (beside ``urls.py``), which alone knows every app.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from events.models import Conflict
from project.records.base import ReviewState

TIMELINES_SHOWN = 20  # the front door lists a few; every conflict's detail links its own


def front_door(request, resources: list[str]) -> dict:
    def url(path: str) -> str:
        return request.build_absolute_uri(path)

    conflicts = Conflict.objects.filter(review_state=ReviewState.PUBLISHED).order_by("-date_earliest", "slug")
    return {
        "name": settings.SPECTACULAR_SETTINGS["TITLE"],
        "description": "An open knowledge API about coup plots and coup allegations: who is accused, "
        "who claims and who denies, what happened when, and what civil society demanded, every fact "
        "cited by the exact words of its source.",
        "version": settings.SPECTACULAR_SETTINGS["VERSION"],
        "documentation": {
            "swagger_ui": url(reverse("swagger-ui")),
            "redoc": url(reverse("redoc")),
            "openapi": url(reverse("schema")),
        },
        "resources": {name: url(f"/api/v1/{name}/") for name in resources},
        "timelines": [
            {"conflict": name, "url": url(reverse("conflict-timeline-page", kwargs={"slug": slug}))}
            for slug, name in conflicts.values_list("slug", "name")[:TIMELINES_SHOWN]
        ],
        "health": url(reverse("health")),
        "admin": url(reverse("admin:index")),
    }


@extend_schema(exclude=True)  # a signpost, not a resource: generated clients need no method for it
class FrontDoorView(APIView):
    renderer_classes = [JSONRenderer, TemplateHTMLRenderer]
    template_name = "front.html"
    permission_classes = [AllowAny]  # a read of links, no records: anyone may ask
    resources: list[str] = []  # the /api/v1/ lists to link, as project/urls.py names them

    def get(self, request):
        return Response(front_door(request, self.resources))
