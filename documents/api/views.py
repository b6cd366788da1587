"""Read endpoints of documents."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from documents import citing
from documents.filtersets import CitationFilterSet, DocumentFilterSet
from documents.models import Citation, Document
from project.api.brief import with_briefs
from project.api.views import LIST_ACTIONS, RecordViewSet
from project.records import review

from . import writes
from .serializers import CitedSpanSerializer, DocumentDetailSerializer, DocumentSerializer


class DocumentViewSet(RecordViewSet):
    """Source documents. Lists leave out the full text; a document's detail has it, with the
    body span (`text[body_start:body_end]`) that excludes web boilerplate."""

    queryset = Document.objects.all()
    input_serializer_class = writes.DocumentInputSerializer
    serializer_class = DocumentSerializer
    detail_serializer_class = DocumentDetailSerializer
    filterset_class = DocumentFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.defer("text") if self.action in LIST_ACTIONS else queryset


@extend_schema_view(
    list=extend_schema(responses={200: CitedSpanSerializer(many=True)}),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "id", int, OpenApiParameter.PATH, description="The citation's id (its `id` in a list)."
            )
        ],
        responses={200: CitedSpanSerializer},
    ),
)
class CitationViewSet(RecordViewSet):
    """Every cited span of a source document (`document.text[start:end] == quote`) and the records
    that cite it: where a researcher starts from a source. A span only drafts cite is not shown to
    anonymous readers (a 404, and absent from every list and filter), and `cited_by` names only the
    records the caller may see; a curator who may view citations sees every span and the drafts of
    the records they may view."""

    queryset = Citation.objects.all()
    serializer_class = CitedSpanSerializer
    filterset_class = CitationFilterSet
    http_method_names = ["get", "head", "options"]
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    # Digits a 64-bit id can have: a longer number would overflow the database driver (a 500).
    lookup_value_regex = r"[0-9]{1,18}"
    # A span has no version of its own: its detail is tagged as a list is, by the data generation.
    tagged_actions = frozenset({"retrieve"})
    history = None  # a span's history is its citing records'

    def initial(self, request, *args, **kwargs):
        # Read-only for everyone: a write is a 405 before any credential is asked for. (Citations
        # are written through the facts citing them, by quote.)
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        queryset = with_briefs(Citation.objects.all(), "document")
        if self.shows_drafts():
            return queryset
        # A published record never refers to a draft (project.records.review), so the document of
        # a span one cites is published too.
        return queryset.filter(citing.publicly_cited())

    def drafts_of(self, model) -> bool:
        return self.shows_drafts() and review.may_view_drafts(self.request.user, model)

    def with_related_rows(self, rows):
        """Each span's citing records, for a page, an export chunk or a detail, in one query."""
        found = citing.citing_records([row.pk for row in rows], self.drafts_of)
        for row in rows:
            row.cited_by = found[row.pk]
        return rows

    def paginate_queryset(self, queryset):
        return self.with_related_rows(super().paginate_queryset(queryset))

    def retrieve(self, request, *args, **kwargs):
        response = self.not_modified()
        if response is not None:
            return response
        [instance] = self.with_related_rows([self.get_object()])
        response = Response(self.get_serializer(instance).data)
        if self.current_generation is not None:
            response["ETag"] = self.url_tag()
        return response
