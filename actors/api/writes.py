"""Writing actors and their roles in conflicts."""

from actors.models import Actor, Combatant, Commander
from documents.api.writes import CitationInputSerializer, CitedWriteSerializer
from project.api.writes import RECORD_INPUT, AliasesField, RecordWriteSerializer


class ActorInputSerializer(RecordWriteSerializer):
    """An actor as a curator writes it: related records by slug."""

    aliases = AliasesField(help_text="Other names the sources use; a write replaces the list.")
    description_citations = CitationInputSerializer(
        many=True,
        required=False,
        help_text="The words that name or describe the actor; a write replaces the whole list.",
    )

    class Meta(RecordWriteSerializer.Meta):
        model = Actor
        fields = [*RECORD_INPUT, "name", "kind", "country", "description", "description_citations", "aliases"]


class CombatantInputSerializer(CitedWriteSerializer):
    """A combatant role as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Combatant
        fields = [
            *RECORD_INPUT, "conflict", "actor", "side", "role", "alleged_by", "alleged_in", "citations",
        ]  # fmt: skip


class CommanderInputSerializer(CitedWriteSerializer):
    """A commander role as a curator writes it: related records by slug, citations by quote."""

    class Meta(RecordWriteSerializer.Meta):
        model = Commander
        fields = [
            *RECORD_INPUT, "conflict", "actor", "side", "combatant", "title", "alleged_by", "alleged_in",
            "citations",
        ]  # fmt: skip
