"""Curators' writes: the base of every resource's input serializer, related records by slug.

Each app declares its resources' input serializers on this base (``<app>/api/writes.py``); the
documents app adds citations by quote (``{"document", "quote", "hint"}``), whose offsets are
found in the document's text, never typed. The model's
own validation (EDTF dates, constraints, ``clean()``) runs before anything is saved, and its
messages come back as a 400 naming the field. The response is the record as GET shows it.
"""

import copy
from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.relations import MANY_RELATION_KWARGS

from project.api.errors import model_errors
from project.records import relations, review
from project.records.base import ReviewState
from project.records.relations import CITED_BY


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


# The most items a list field of a write takes (citations, actors, aliases, ...): the seed's
# longest list has 15 (a statement's signatories); a longer one is refused before any is read.
MAX_ITEMS = 200


class BoundedItems:
    """A list that refuses more than MAX_ITEMS items before validating any of them (one lookup
    per item would make a 50,000-item body a minute of work), stated in the spec as maxItems."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [*self.validators, MaxLengthValidator(MAX_ITEMS)]

    def to_internal_value(self, data):
        if isinstance(data, (list, tuple)) and len(data) > MAX_ITEMS:
            raise ValidationError(f"At most {MAX_ITEMS} items; got {len(data)}.", code="max_length")
        return super().to_internal_value(data)


class BoundedManyRelatedField(BoundedItems, serializers.ManyRelatedField):
    pass


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

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return BoundedManyRelatedField(**list_kwargs)

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


def refuse_unknown_fields(serializer, data) -> None:
    """A body field the resource does not take is a 400 naming it, as an unknown query parameter
    is: a misspelt field would otherwise be dropped without a word."""
    if not isinstance(data, Mapping):
        return
    known = {name for name, field in serializer.fields.items() if not field.read_only}
    unknown = sorted(str(name) for name in data if name not in known)
    if unknown:
        taken = ", ".join(sorted(known))
        raise ValidationError({name: [f"Unknown field; this takes {taken}."] for name in unknown})


# What a write sets once the row is saved: its citations (each a list of ``{"citation": ...}``
# items, documents/api/writes.py) and its aliases by name, besides its many-to-many fields.
WRITTEN_AFTER = {*CITED_BY, "aliases"}


class RecordWriteSerializer(serializers.ModelSerializer):
    """Base of every resource's input: slugs for relations, citations by quote, model validation.

    The trust boundary (``project.records.review``) holds for every write: a published record refers
    only to published records. A write that would make a published record refer to a draft is a
    400 naming the field and the draft, unless it asks for ``review_state: published``, which
    publishes the drafts it refers to with it (the user needs the publish permission of each).
    """

    serializer_related_field = SlugReference
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, **STRICT_TEXT_FIELDS}

    class Meta:
        extra_kwargs = {
            "review_state": {
                "required": False,
                "help_text": "`published` publishes the record and the drafts it refers to (a fact needs "
                "a citation; the publish permission of each record's model); `draft` takes it back, "
                "unless a published record refers to it.",
            },
            "slug": {"help_text": "Stable public identifier; it cannot change once the record exists."},
        }

    def to_internal_value(self, data):
        refuse_unknown_fields(self, data)
        return super().to_internal_value(data)

    # Many-to-many fields written after the row is saved, and aliases by name.
    def _split(self, validated: dict) -> tuple[dict, dict, str | None]:
        later = {}
        for name, field in list(self.fields.items()):
            if name in validated and (
                name in WRITTEN_AFTER or isinstance(field, serializers.ManyRelatedField)
            ):
                later[name] = validated.pop(name)
        state = validated.pop("review_state", None)
        return validated, later, state

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise ValidationError("A record's slug cannot change; create a new record instead.")
        return value

    def target_state(self, attrs) -> str:
        return attrs.get("review_state") or getattr(self.instance, "review_state", ReviewState.DRAFT)

    def validate(self, attrs):
        if "citations" in attrs and not attrs["citations"]:
            if self.target_state(attrs) == ReviewState.PUBLISHED:
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
            if name not in m2m and name not in WRITTEN_AFTER and name != "review_state":
                setattr(candidate, name, value)
        derived = [f.name for f in model._meta.concrete_fields if not f.editable]
        try:
            candidate.full_clean(exclude=[*derived, "review_state", "version"], validate_unique=False)
        except DjangoValidationError as error:
            raise ValidationError(model_errors(error)) from error
        if "review_state" not in attrs and self.target_state(attrs) == ReviewState.PUBLISHED:
            # An edit of a published record: it may not start referring to a draft.
            errors = review.draft_references(candidate, self.new_references(attrs))
            if errors:
                raise ValidationError(errors)
        return attrs

    def new_references(self, attrs: dict) -> dict:
        """The records a write makes its record refer to, by field (citations by the ones it cites)."""
        names = {field.name for field in relations.reference_fields(self.Meta.model)}
        values = {}
        for name, value in attrs.items():
            if name in CITED_BY:
                values[name] = [item["citation"] for item in value]
            elif name in names:
                values[name] = value
        return values

    def _write_related(self, instance, later: dict) -> None:
        for name, value in later.items():
            if name in CITED_BY:
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

    def _publish_references(self, validated: dict) -> None:
        """Before a published record is written with ``review_state: published``: publish the
        drafts the write makes it refer to (the rest of the closure comes with them)."""
        drafts = []
        for value in self.new_references(validated).values():
            rows = value if isinstance(value, list) else [value]
            for row in rows:
                record = relations.referred_record(row) if row is not None else None
                if record is not None and record.review_state != ReviewState.PUBLISHED:
                    drafts.append(record)
        if drafts:
            self._review(review.publish, list(dict.fromkeys(drafts)))

    @staticmethod
    def _review(change, records) -> None:
        try:
            change(records)
        except DjangoValidationError as error:
            raise ValidationError({"review_state": error.messages}) from error

    @transaction.atomic
    def create(self, validated_data):
        fields, later, state = self._split(validated_data)
        instance = self.Meta.model.objects.create(**fields)
        self._write_related(instance, later)
        if state == ReviewState.PUBLISHED:
            self._review(review.publish, [instance])
            instance.refresh_from_db()
        return instance

    @transaction.atomic
    def update(self, instance, validated_data):
        if validated_data.get("review_state") == ReviewState.DRAFT and instance.is_published:
            # Back to draft first, so the rest of the write is a draft's.
            self._review(review.unpublish, [instance])
        elif validated_data.get("review_state") == ReviewState.PUBLISHED and instance.is_published:
            self._publish_references(validated_data)
        fields, later, state = self._split(validated_data)
        for name, value in fields.items():
            setattr(instance, name, value)
        # Publishing a draft saves it once, with the write's fields: one version, one history entry.
        publishing = state == ReviewState.PUBLISHED and not instance.is_published
        if not publishing:
            instance.save()
        self._write_related(instance, later)
        if publishing:
            self._review(review.publish, [instance])
        instance.refresh_from_db()
        return instance


class NamesField(BoundedItems, serializers.ListField):
    """A list of names (strings of at most 300 characters) that a write replaces as a whole."""

    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(max_length=300), required=False, **kwargs)


class AliasesField(NamesField):
    """Other names, written as a list of strings that replaces the stored ones."""


RECORD_INPUT = ["slug", "curator_note", "review_state"]
DATED_INPUT = ["date", "date_basis"]
