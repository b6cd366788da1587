"""The releases, read-only: a list newest first, and a release's detail by version."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.renderers import JSONRenderer

from project.api.pagination import KeysetPagination
from project.api.throttles import ClientRateThrottle, RateLimitHeadersMixin
from project.releases.models import Release, ReleaseFile

from .serializers import ReleaseDetailSerializer, ReleaseSerializer

NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the If-None-Match sent holds this answer's ETag (a strong tag of its body)."
)
PARAMETERS = {"list": {"cursor", "page_size", "format"}, "retrieve": {"format"}}


@extend_schema_view(
    list=extend_schema(responses={200: ReleaseSerializer(many=True), 304: NOT_MODIFIED}),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "version",
                str,
                OpenApiParameter.PATH,
                description="The release's version, MAJOR.MINOR.PATCH.",
                pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$",
            )
        ],
        responses={200: ReleaseDetailSerializer, 304: NOT_MODIFIED},
    ),
)
class ReleaseViewSet(RateLimitHeadersMixin, viewsets.ReadOnlyModelViewSet):
    """Data releases: frozen, numbered, checksummed copies of the published data (`manage.py
    release`), newest version first. A release never changes; cite it by its version and check
    each file against its SHA-256. Every answer has a strong ETag (If-None-Match gives a 304)."""

    # Explicit, for the keyset pages: newest version first (one version per triple, so a total order).
    queryset = Release.objects.order_by("-major", "-minor", "-patch")
    serializer_class = ReleaseSerializer
    lookup_field = "version"
    lookup_value_regex = r"[0-9]+\.[0-9]+\.[0-9]+"
    pagination_class = KeysetPagination
    throttle_classes = [ClientRateThrottle]
    renderer_classes = [JSONRenderer]
    filter_backends: list = []

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            files = ReleaseFile.objects.select_related("release").order_by("name")
            queryset = queryset.prefetch_related(Prefetch("files", queryset=files))
        return queryset

    def get_serializer_class(self):
        return ReleaseDetailSerializer if self.action == "retrieve" else ReleaseSerializer

    def perform_content_negotiation(self, request, force=False):
        if request.query_params.get("format", "json") != "json":
            return JSONRenderer(), JSONRenderer.media_type  # initial() answers with a 400 naming `format`
        return super().perform_content_negotiation(request, force=force)

    def initial(self, request, *args, **kwargs):
        if self.action is None and request.method != "OPTIONS":
            # As every resource: a method this URL does not have is a 405, before its parameters.
            raise MethodNotAllowed(request.method)
        # As every resource: an unknown, empty or repeated parameter is a 400 naming it.
        super().initial(request, *args, **kwargs)
        known = PARAMETERS.get(self.action, set())
        errors = {}
        for name, values in request.query_params.lists():
            if name not in known:
                errors[name] = [f"Unknown query parameter; this endpoint takes {', '.join(sorted(known))}."]
            elif len(values) > 1:
                errors[name] = [f"Give this parameter once; it was given {len(values)} times."]
            elif values[0] == "":
                errors[name] = ["Must not be empty; leave the parameter out instead."]
            elif name == "format" and values[0] != "json":
                errors[name] = [f"Must be json; got {values[0]!r}."]
        if errors:
            raise ValidationError(dict(sorted(errors.items())))
