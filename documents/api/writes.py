"""Writing documents, and citations by quote: the input every citing resource's write takes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from documents.models import Document
from documents.quotes import cite
from project.api.writes import (
    DATED_INPUT,
    RECORD_INPUT,
    BoundedItems,
    RecordWriteSerializer,
    SlugReference,
    StrictCharField,
    refuse_unknown_fields,
)


class CitationListSerializer(BoundedItems, serializers.ListSerializer):
    pass


class CitationInputSerializer(serializers.Serializer):
    """A citation given by its words: the offsets are found in the document's text."""

    class Meta:
        list_serializer_class = CitationListSerializer

    document = SlugReference(
        queryset=Document.objects.only("pk", "slug", "text"), help_text="The document's slug."
    )
    quote = StrictCharField(trim_whitespace=False, help_text="The cited words, exactly as in the document.")
    hint = StrictCharField(
        required=False,
        allow_blank=True,
        help_text="Needed only when the quote occurs more than once: its occurrence number (from 1), or "
        "the words that come just before the one meant.",
    )

    def to_internal_value(self, data):
        refuse_unknown_fields(self, data)
        return super().to_internal_value(data)

    def validate(self, attrs):
        # A partial write (PATCH) makes every nested field optional; a citation still needs both.
        missing = {name: ["This field is required."] for name in ("document", "quote") if name not in attrs}
        if missing:
            raise ValidationError(missing)
        try:
            attrs["citation"] = cite(attrs["document"], attrs["quote"], attrs.get("hint", ""))
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return attrs


class CitedWriteSerializer(RecordWriteSerializer):
    """Base of the input of a fact that cites its sources: ``citations`` by quote."""

    citations = CitationInputSerializer(
        many=True, required=False, help_text="The record's citations; a write replaces the whole list."
    )


class DocumentInputSerializer(RecordWriteSerializer):
    """A source document as a curator writes it: related records by slug."""

    text = StrictCharField(
        trim_whitespace=False,
        help_text="The full text, stored exactly as sent. It cannot change once a citation points into it.",
    )

    class Meta(RecordWriteSerializer.Meta):
        model = Document
        fields = [
            *RECORD_INPUT, "title", "kind", "publisher", "url", "language", "licence", "attribution",
            *DATED_INPUT,
            "text", "body_start", "body_end",
        ]  # fmt: skip
        extra_kwargs = {**RecordWriteSerializer.Meta.extra_kwargs, "body_end": {"required": False}}
