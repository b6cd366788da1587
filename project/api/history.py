"""A record's history in the API: each version, who made it, and the values it changed.

Curators (who may see the model's drafts) get every version. Everyone else gets the versions in
which the record was published, each compared with the previous published one: what a record
said while it was a draft (an unreviewed text, a curator's note), and who the curators are, are
not the public's. Related records are named by slug (a citation as ``document-slug[start:end]``),
and only those the caller may see.
"""

from collections import defaultdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from project.records import relations, review
from project.records.base import ReviewState
from project.records.history import CHANGE_TYPES, changes

# The public's first version of a record created as a draft: the day it was published.
PUBLISHED = "published"
CHANGES = sorted({*CHANGE_TYPES.values(), PUBLISHED})
HIDDEN_FIELDS = {"updated", "version"}


@extend_schema_field(OpenApiTypes.ANY)
class AnyValue(serializers.Field):
    """A field's value as stored: text, number, boolean, null, a related record's slug, or a
    list of them."""

    def to_representation(self, value):
        return value


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The changed field.")
    old = AnyValue(help_text="Its value before the change.")
    new = AnyValue(help_text="Its value after the change.")


class HistoryEntrySerializer(serializers.Serializer):
    """One version of a record."""

    version = serializers.IntegerField(allow_null=True, help_text="The record's version after this change.")
    change = serializers.ChoiceField(
        choices=CHANGES,
        help_text="What happened; `published` is the first version the public saw of a record "
        "that was a draft before.",
    )
    date = serializers.DateTimeField(help_text="When.")
    user = serializers.CharField(
        allow_null=True,
        help_text="The curator's user name, shown to curators only; null for everyone else, and for "
        "seeding and ingest.",
    )
    reason = serializers.CharField(
        allow_null=True, help_text="Why, when the change says (e.g. `seed data`, `reverted to version 3`)."
    )
    changes = FieldChangeSerializer(
        many=True,
        help_text="Each field whose value changed since the previous version shown; empty for the first.",
    )


def _relations(model) -> dict:
    """Field name -> (related model, how a related row is named) for the model's relations."""
    found = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.is_relation and not field.auto_created:
            found[field.name] = field.related_model
    return found


class _Names:
    """Slugs (or ``document[start:end]`` for a citation) of related rows, read once per model,
    for the rows the caller may see."""

    def __init__(self, user):
        self.user = user
        self.wanted = defaultdict(set)
        self.names = {}

    def want(self, model, ids) -> None:
        self.wanted[model].update(i for i in ids if i is not None)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            owner = relations.owner_field(model)
            if owner is not None:  # a citation: named by its document and offsets
                rows = list(model._base_manager.filter(pk__in=ids).select_related(owner.name))
                documents = owner.related_model._base_manager.filter(
                    pk__in={getattr(row, owner.attname) for row in rows}
                )
                shown = set(review.visible(documents, self.user).values_list("pk", flat=True))
                for row in rows:
                    if getattr(row, owner.attname) in shown:
                        document = getattr(row, owner.name)
                        self.names[(model, row.pk)] = f"{document.slug}[{row.start}:{row.end}]"
            elif hasattr(model, "slug"):
                rows = review.visible(model._base_manager.filter(pk__in=ids), self.user)
                for pk, slug in rows.values_list("pk", "slug"):
                    self.names[(model, pk)] = slug

    def name(self, model, pk):
        return self.names.get((model, pk))


def history_entries(record, user) -> list[dict]:
    """The record's versions ``user`` may see, newest first, each with its differences from the
    one shown before it."""
    full = review.may_view_drafts(user, type(record))
    entries = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    if not full:
        entries = [entry for entry in entries if entry.review_state == ReviewState.PUBLISHED]
    relations = _relations(type(record))
    names = _Names(user)
    deltas = []
    for index, entry in enumerate(entries):
        delta = [
            c
            for c in changes(entry, entries[index - 1] if index else None)
            if c["field"] not in HIDDEN_FIELDS
        ]
        for change in delta:
            model = relations.get(change["field"])
            if model is not None:
                for value in (change["old"], change["new"]):
                    names.want(model, value if isinstance(value, list) else [value])
        deltas.append(delta)
    names.load()
    result = []
    for index, (entry, delta) in enumerate(zip(entries, deltas, strict=True)):
        for change in delta:
            model = relations.get(change["field"])
            if model is not None:
                for side in ("old", "new"):
                    value = change[side]
                    if isinstance(value, list):
                        change[side] = [n for n in (names.name(model, v) for v in value) if n is not None]
                    else:
                        change[side] = None if value is None else names.name(model, value)
        change_type = CHANGE_TYPES[entry.history_type]
        if not full and index == 0 and change_type != "created":
            change_type = PUBLISHED
        reason = entry.history_change_reason
        result.append(
            {
                "version": getattr(entry, "version", None),
                "change": change_type,
                "date": entry.history_date,
                "user": entry.history_user.get_username() if full and entry.history_user else None,
                "reason": reason if reason and reason != "None" else None,
                "changes": delta,
            }
        )
    result.reverse()
    return result
