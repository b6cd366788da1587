"""Read endpoints of documents."""

from documents.filtersets import DocumentFilterSet
from documents.models import Document
from project.api.views import LIST_ACTIONS, RecordViewSet

from . import writes
from .serializers import DocumentDetailSerializer, DocumentSerializer


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
