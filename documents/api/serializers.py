"""Documents, and citations: the verbatim spans every fact carries."""

from django.db.models import Prefetch
from rest_framework import serializers

from documents.models import Citation
from project.api.brief import BRIEF_FIELDS, BriefDocumentSerializer

DATE_FIELDS = ["date", "date_earliest", "date_latest", "date_basis"]
RECORD_FIELDS = ["curator_note", "review_state", "version", "created", "updated"]


def citations_prefetch(path: str = "citations") -> Prefetch:
    """Prefetch a record's citations with their documents in one query (without the documents' text)."""
    return Prefetch(
        path,
        queryset=Citation.objects.select_related("document")
        .defer("document__text")
        .order_by("document__slug", "start", "end"),
    )


class CitationSerializer(serializers.ModelSerializer):
    """A verbatim span: ``document.text[start:end] == quote``."""

    document = BriefDocumentSerializer(read_only=True, help_text="The cited document; `url` links to it.")

    class Meta:
        model = Citation
        fields = ["document", "start", "end", "quote"]


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
            *DATE_FIELDS,
            "content_hash",
            *RECORD_FIELDS,
        ]


class DocumentDetailSerializer(DocumentSerializer):
    """A document with its full text; ``text[body_start:body_end]`` is the document proper."""

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "body_start", "body_end"]
