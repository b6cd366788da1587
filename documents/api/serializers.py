"""Documents, and citations: the verbatim spans every fact carries."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents import citing
from documents.models import Citation, Document
from project.api import compiled
from project.api.brief import (
    BRIEF_FIELDS,
    CachedFields,
    LeanListSerializer,
    brief_columns,
    brief_serializer,
    detail_url,
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


@compiled.equivalent
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


compiled.register_converter(OptionalURLField, lambda value: value or None)


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


@extend_schema_field({"type": "string", "format": "uri"})
class CitationsLink(serializers.Field):
    """The citations list filtered to this document."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, document):
        return self.link(self.context["request"], document.slug)

    @staticmethod
    def link(request, slug: str) -> str:
        return request.build_absolute_uri(f"{reverse('citation-list')}?{urlencode({'document': slug})}")

    def compiled(self):
        """For project.api.compiled: the columns this field reads and how it writes them."""
        return ["slug"], self.link


class DocumentDetailSerializer(DocumentSerializer):
    """A document with its full text; ``text[body_start:body_end]`` is the document proper."""

    citations = CitationsLink(
        help_text="The spans of this document that records cite, with the records citing each "
        "(the citations list filtered to this document)."
    )

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "body_start", "body_end", "citations"]


def citation_url(request, pk: int) -> str:
    """A citation's absolute URL: one ``reverse()`` per request, as ``detail_url`` does for records."""
    prefixes = request.__dict__.setdefault("_detail_url_prefixes", {})
    prefix = prefixes.get("citation-detail")
    if prefix is None:
        path = reverse("citation-detail", kwargs={"id": 0})
        prefix = prefixes["citation-detail"] = request.build_absolute_uri(path.removesuffix("0/"))
    return f"{prefix}{pk}/"


class CitingRecordSerializer(serializers.Serializer):
    """A record that cites the span: its type, slug and API URL."""

    type = serializers.ChoiceField(
        choices=[], help_text="The record's type (its resource, in the singular: `event` for /events/)."
    )
    slug = serializers.CharField(help_text="The record's slug.")
    url = serializers.URLField(
        help_text="The record in the API. A loss has no endpoint of its own: its URL is its "
        "conflict's, whose detail lists it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = citing.types()


class CitedSpanSerializer(serializers.Serializer):
    """A cited span of a source document and the records that cite it:
    ``document.text[start:end] == quote``."""

    id = serializers.IntegerField(help_text="The citation's id, its detail's address.")
    url = serializers.URLField(help_text="This citation in the API.")
    document = BriefDocumentSerializer(read_only=True, help_text="The cited document; `url` links to it.")
    start = serializers.IntegerField(min_value=0, help_text="Offset of the first character (0-based).")
    end = serializers.IntegerField(min_value=1, help_text="Offset one past the last character.")
    quote = serializers.CharField(help_text="The cited words, exactly as in the document.")
    cited_by = CitingRecordSerializer(
        many=True,
        help_text="The records that cite the span, by type and slug; only those the caller may see "
        "(published ones, and drafts for a curator who may view them).",
    )

    class Meta:
        list_serializer_class = LeanListSerializer

    def to_representation(self, citation):
        request = self.context["request"]
        return {
            "id": citation.pk,
            "url": citation_url(request, citation.pk),
            "document": self.fields["document"].to_representation(citation.document),
            "start": citation.start,
            "end": citation.end,
            "quote": citation.quote,
            "cited_by": [
                {"type": kind, "slug": slug, "url": detail_url(request, route, shown)}
                for kind, slug, route, shown in citation.cited_by
            ],
        }
