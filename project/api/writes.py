"""Curators' writes: one input serializer per resource, related records by slug, citations by quote.

A write names related records by slug and cites by quote (``{"document", "quote", "before"}``):
the offsets are found in the document's text (``documents.quotes``), never typed. The model's
own validation (EDTF dates, constraints, ``clean()``) runs before anything is saved, and its
messages come back as a 400 naming the field. The response is the record as GET shows it.
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from actors.models import Actor, Combatant, Commander
from documents.models import Document
from documents.quotes import cite
from events.models import Conflict, Demand, Event, Place, Reaction
from project import review
from project.records import ReviewState


class StrictText:
    """Text only as a JSON string: DRF's text fields would take ``0`` or ``1.5`` and store "0"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(StrictText, serializers.CharField):
    pass


STRICT_TEXT_FIELDS = {
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
    models.SlugField: type("StrictSlugField", (StrictText, serializers.SlugField), {}),
    models.URLField: type("StrictURLField", (StrictText, serializers.URLField), {}),
}


class SlugReference(serializers.SlugRelatedField):
    """A related record, named by its slug (a string); none is null, never ""."""

    default_error_messages = {
        "invalid": "Give the related record's slug as a string.",
        "blank": 'Must not be empty; send null for "none".',
        "null_characters": "Null characters are not allowed.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        if data == "":  # DRF's related fields would read "" as null
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:  # PostgreSQL cannot even look such a slug up: a 500 without this
            self.fail("null_characters")
        return super().to_internal_value(data)


class CitationInputSerializer(serializers.Serializer):
    """A citation given by its words: the offsets are found in the document's text."""

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

    def validate(self, attrs):
        try:
            attrs["citation"] = cite(attrs["document"], attrs["quote"], attrs.get("hint", ""))
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return attrs


def _model_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


class RecordWriteSerializer(serializers.ModelSerializer):
    """Base of every resource's input: slugs for relations, citations by quote, model validation."""

    serializer_related_field = SlugReference
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, **STRICT_TEXT_FIELDS}
    citations = CitationInputSerializer(
        many=True, required=False, help_text="The record's citations; a write replaces the whole list."
    )

    class Meta:
        extra_kwargs = {
            "review_state": {
                "required": False,
                "help_text": "`published` publishes the record and the drafts it refers to (a fact needs "
                "a citation); `draft` takes it back, unless a published record refers to it.",
            },
            "slug": {"help_text": "Stable public identifier; it cannot change once the record exists."},
        }

    # Many-to-many fields written after the row is saved, and aliases by name.
    def _split(self, validated: dict) -> tuple[dict, dict, str | None]:
        later = {}
        for name, field in list(self.fields.items()):
            if name in validated and (
                name in {"citations", "description_citations", "aliases"}
                or isinstance(field, serializers.ManyRelatedField)
            ):
                later[name] = validated.pop(name)
        state = validated.pop("review_state", None)
        return validated, later, state

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise ValidationError("A record's slug cannot change; create a new record instead.")
        return value

    def validate(self, attrs):
        if "citations" in attrs and not attrs["citations"]:
            state = attrs.get("review_state") or getattr(self.instance, "review_state", ReviewState.DRAFT)
            if state == ReviewState.PUBLISHED:
                raise ValidationError(
                    {
                        "citations": [
                            "A published fact must keep at least one citation; take it back to draft first."
                        ]
                    }
                )
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        m2m = {f.name for f in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in m2m and name not in {
                "citations",
                "description_citations",
                "aliases",
                "review_state",
            }:
                setattr(candidate, name, value)
        derived = [f.name for f in model._meta.concrete_fields if not f.editable]
        try:
            candidate.full_clean(exclude=[*derived, "review_state", "version"], validate_unique=False)
        except DjangoValidationError as error:
            raise ValidationError(_model_errors(error)) from error
        return attrs

    def _write_related(self, instance, later: dict) -> None:
        for name, value in later.items():
            if name in {"citations", "description_citations"}:
                getattr(instance, name).set([item["citation"] for item in value])
            elif name == "aliases":
                alias_model = instance.aliases.model
                owner = instance._meta.model_name
                keep = set(value)
                instance.aliases.exclude(name__in=keep).delete()
                for alias in keep - set(instance.aliases.values_list("name", flat=True)):
                    alias_model.objects.create(**{owner: instance, "name": alias})
            else:
                getattr(instance, name).set(value)

    def _apply_state(self, instance, state: str | None) -> None:
        if state is None or state == instance.review_state:
            return
        try:
            if state == ReviewState.PUBLISHED:
                review.publish([instance])
            else:
                review.unpublish([instance])
        except DjangoValidationError as error:
            raise ValidationError({"review_state": error.messages}) from error
        instance.refresh_from_db()

    @transaction.atomic
    def create(self, validated_data):
        fields, later, state = self._split(validated_data)
        instance = self.Meta.model.objects.create(**fields)
        self._write_related(instance, later)
        self._apply_state(instance, state)
        return instance

    @transaction.atomic
    def update(self, instance, validated_data):
        fields, later, state = self._split(validated_data)
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.save()
        self._write_related(instance, later)
        self._apply_state(instance, state)
        return instance


class AliasesField(serializers.ListField):
    """Other names, written as a list of strings that replaces the stored ones."""

    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(max_length=300), required=False, **kwargs)


RECORD_INPUT = ["slug", "curator_note", "review_state"]
DATED_INPUT = ["date", "date_basis"]


class ActorInputSerializer(RecordWriteSerializer):
    """An actor as a curator writes it: related records by slug."""

    citations = None
    aliases = AliasesField(help_text="Other names the sources use; a write replaces the list.")
    description_citations = CitationInputSerializer(
        many=True,
        required=False,
        help_text="The words that name or describe the actor; a write replaces the whole list.",
    )

    class Meta(RecordWriteSerializer.Meta):
        model = Actor
        fields = [*RECORD_INPUT, "name", "kind", "country", "description", "description_citations", "aliases"]


class PlaceInputSerializer(RecordWriteSerializer):
    """A place as a curator writes it: related records by slug."""

    citations = None
    aliases = AliasesField(help_text="Other spellings the sources use; a write replaces the list.")

    class Meta(RecordWriteSerializer.Meta):
        model = Place
        fields = [*RECORD_INPUT, "name", "country", "aliases"]


class DocumentInputSerializer(RecordWriteSerializer):
    """A source document as a curator writes it: related records by slug."""

    citations = None
    text = StrictCharField(
        trim_whitespace=False,
        help_text="The full text, stored exactly as sent. It cannot change once a citation points into it.",
    )

    class Meta(RecordWriteSerializer.Meta):
        model = Document
        fields = [
            *RECORD_INPUT, "title", "kind", "publisher", "url", "language", *DATED_INPUT,
            "text", "body_start", "body_end",
        ]  # fmt: skip
        extra_kwargs = {**RecordWriteSerializer.Meta.extra_kwargs, "body_end": {"required": False}}


class ConflictInputSerializer(RecordWriteSerializer):
    """A conflict as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Conflict
        fields = [
            *RECORD_INPUT, "name", "article_title", "kind", "status", "status_alleged_by", "result",
            "description", *DATED_INPUT, "places", "parent", "related", "citations",
        ]  # fmt: skip


class CombatantInputSerializer(RecordWriteSerializer):
    """A combatant role as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Combatant
        fields = [
            *RECORD_INPUT, "conflict", "actor", "side", "role", "alleged_by", "alleged_in", "citations",
        ]  # fmt: skip


class CommanderInputSerializer(RecordWriteSerializer):
    """A commander role as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Commander
        fields = [
            *RECORD_INPUT, "conflict", "actor", "side", "combatant", "title", "alleged_by", "alleged_in",
            "citations",
        ]  # fmt: skip


class EventInputSerializer(RecordWriteSerializer):
    """An event as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Event
        fields = [
            *RECORD_INPUT, "conflict", "kind", "topic", "summary", *DATED_INPUT, "place", "actors",
            "attributed_to", "alleged_in", "citations",
        ]  # fmt: skip


class ReactionInputSerializer(RecordWriteSerializer):
    """A reaction as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Reaction
        fields = [
            *RECORD_INPUT, "conflict", "actor", "signatories", "kind", "stance", "summary", "quote",
            *DATED_INPUT, "document", "citations",
        ]  # fmt: skip


class DemandInputSerializer(RecordWriteSerializer):
    """A demand as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Demand
        fields = [
            *RECORD_INPUT, "reaction", "number", "text", "addressee", "topic", "places", "status", "citations",
        ]  # fmt: skip
