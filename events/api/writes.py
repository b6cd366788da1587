"""Writing conflicts, events, reactions, demands and places."""

from documents.api.writes import CitedWriteSerializer
from events.models import Conflict, Demand, Event, Place, Reaction
from project.api.writes import DATED_INPUT, RECORD_INPUT, AliasesField, NamesField, RecordWriteSerializer


class PlaceInputSerializer(RecordWriteSerializer):
    """A place as a curator writes it: related records by slug."""

    aliases = AliasesField(help_text="Other spellings the sources use; a write replaces the list.")

    class Meta(RecordWriteSerializer.Meta):
        model = Place
        fields = [*RECORD_INPUT, "name", "country", "aliases"]


class ConflictInputSerializer(CitedWriteSerializer):
    """A conflict as a curator writes it: related records by slug, citations by quote."""

    related_topics = NamesField(
        help_text='Topics the source lists under "See also" that are no conflict, as it names '
        "them; a write replaces the list."
    )

    class Meta(RecordWriteSerializer.Meta):
        model = Conflict
        fields = [
            *RECORD_INPUT, "name", "article_title", "kind", "status", "status_alleged_by", "result",
            "description", *DATED_INPUT, "places", "parent", "related", "related_topics", "citations",
        ]  # fmt: skip


class EventInputSerializer(CitedWriteSerializer):
    """An event as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Event
        fields = [
            *RECORD_INPUT, "conflict", "kind", "topic", "summary", *DATED_INPUT, "place", "actors",
            "attributed_to", "alleged_in", "citations",
        ]  # fmt: skip


class ReactionInputSerializer(CitedWriteSerializer):
    """A reaction as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Reaction
        fields = [
            *RECORD_INPUT, "conflict", "actor", "signatories", "kind", "stance", "summary", "quote",
            *DATED_INPUT, "document", "responds_to", "citations",
        ]  # fmt: skip


class DemandInputSerializer(CitedWriteSerializer):
    """A demand as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Demand
        fields = [
            *RECORD_INPUT, "reaction", "number", "text", "addressee", "topic", "places", "status", "citations",
        ]  # fmt: skip
