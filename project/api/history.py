"""A record's history in the API: each version, who made it, and the values it changed."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from project.history import CHANGE_TYPES, changes


@extend_schema_field(OpenApiTypes.ANY)
class AnyValue(serializers.Field):
    """A field's value as stored: text, number, boolean, null, or a list of related ids."""

    def to_representation(self, value):
        return value


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The changed field.")
    old = AnyValue(help_text="Its value before the change.")
    new = AnyValue(help_text="Its value after the change.")


class HistoryEntrySerializer(serializers.Serializer):
    """One version of a record."""

    version = serializers.IntegerField(allow_null=True, help_text="The record's version after this change.")
    change = serializers.ChoiceField(choices=sorted(CHANGE_TYPES.values()), help_text="What happened.")
    date = serializers.DateTimeField(help_text="When.")
    user = serializers.CharField(
        allow_null=True, help_text="The curator's user name; null for seeding and ingest."
    )
    reason = serializers.CharField(allow_null=True, help_text="Why, when the change says (e.g. `seed data`).")
    changes = FieldChangeSerializer(
        many=True, help_text="Each field whose value changed; empty for a creation."
    )


def history_entries(record) -> list[dict]:
    """The record's versions, newest first, each with its differences from the one before."""
    entries = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    result = []
    for index, entry in enumerate(entries):
        previous = entries[index + 1] if index + 1 < len(entries) else None
        result.append(
            {
                "version": getattr(entry, "version", None),
                "change": CHANGE_TYPES[entry.history_type],
                "date": entry.history_date,
                "user": entry.history_user.get_username() if entry.history_user else None,
                "reason": entry.history_change_reason,
                "changes": [c for c in changes(entry, previous) if c["field"] not in {"updated", "version"}],
            }
        )
    return result
