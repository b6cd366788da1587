"""Documents, and citations: the verbatim spans every fact carries."""

from rest_framework import serializers

from documents.models import Citation, Document
from project.api.brief import (
    BRIEF_FIELDS,
    CachedFields,
    LeanListSerializer,
    brief_columns,
    brief_serializer,
    listed,
)

BriefDocumentSerializer = brief_serializer(Document)

DATE_FIELDS = ["date", "date_earliest", "date_latest", "date_basis"]
RECORD_FIELDS = ["curator_note", "review_state", "version", "created", "updated"]


def citations_prefetch(path: str = "citations"):
    """Prefetch a record's citations with their documents in one query (the documents' brief
    columns only), into a list the serializers read."""
    document = [f"document__{column}" for column in brief_columns(Document)]
    return listed(
        path,
        Citation.objects.select_related("document")
        .only("id", "start", "end", "quote", *document)
        .order_by("document__slug", "start", "end"),
    )


class CitationSerializer(CachedFields, serializers.ModelSerializer):
    """A verbatim span: ``document.text[start:end] == quote``."""

    document = BriefDocumentSerializer(read_only=True, help_text="The cited document; `url` links to it.")

    class Meta:
        model = Citation
        fields = ["document", "start", "end", "quote"]
        list_serializer_class = LeanListSerializer

    def to_representation(self, citation):
        # Written out: a page holds one or more citations per row, each walked field by field otherwise.
        return {
            "document": self.fields["document"].to_representation(citation.document),
            "start": citation.start,
            "end": citation.end,
            "quote": citation.quote,
        }


class OptionalURLField(serializers.URLField):
    """A URL, or null where none is stored (the column keeps "" for none; "" is not a URI)."""

    def to_representation(self, value):
        return value or None


class DocumentSerializer(BriefDocumentSerializer):
    source_url = OptionalURLField(
        source="url",
        read_only=True,
        allow_null=True,
        help_text="Where the document was found; null if unknown.",
    )

    class Meta(BriefDocumentSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "title",
            "kind",
            "publisher",
            "source_url",
            "language",
            "licence",
            "attribution",
            *DATE_FIELDS,
            "content_hash",
            *RECORD_FIELDS,
        ]


class DocumentDetailSerializer(DocumentSerializer):
    """A document with its full text; ``text[body_start:body_end]`` is the document proper."""

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "body_start", "body_end"]
