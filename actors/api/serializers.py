"""Actors and their roles in conflicts (combatants, commanders)."""

from rest_framework import serializers

from actors.models import Actor, Combatant, Commander
from documents.api.serializers import RECORD_FIELDS, CitationSerializer, citations_prefetch
from project.api.brief import BRIEF_FIELDS, brief_serializer

BriefActorSerializer = brief_serializer(Actor)
BriefCombatantSerializer = brief_serializer(Combatant)
BriefCommanderSerializer = brief_serializer(Commander)
BriefConflictSerializer = brief_serializer("events.Conflict")
BriefReactionSerializer = brief_serializer("events.Reaction")

ALLEGED_BY_HELP = "The actor on whose claim this role rests, if alleged."
ALLEGED_IN_HELP = (
    "The statement on whose claim this role rests, when it is several actors' claim at once "
    "(a joint statement's signatories) or the statement's as a whole."
)


def alleged_by_serializer() -> BriefActorSerializer:
    return BriefActorSerializer(read_only=True, allow_null=True, help_text=ALLEGED_BY_HELP)


def alleged_in_serializer(help_text: str = ALLEGED_IN_HELP) -> BriefReactionSerializer:
    return BriefReactionSerializer(read_only=True, allow_null=True, help_text=help_text)


class ActorSerializer(BriefActorSerializer):
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other names the sources use."
    )
    description_citations = CitationSerializer(
        many=True, read_only=True, help_text="The words that name or describe the actor."
    )

    class Meta(BriefActorSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "kind",
            "country",
            "description",
            "description_citations",
            "aliases",
            *RECORD_FIELDS,
        ]


class CombatantSerializer(BriefCombatantSerializer):
    conflict = BriefConflictSerializer(read_only=True)
    actor = BriefActorSerializer(read_only=True)
    alleged_by = alleged_by_serializer()
    alleged_in = alleged_in_serializer()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefCombatantSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "conflict",
            "actor",
            "side",
            "role",
            "alleged_by",
            "alleged_in",
            "citations",
            *RECORD_FIELDS,
        ]


class CommanderSerializer(BriefCommanderSerializer):
    conflict = BriefConflictSerializer(read_only=True)
    actor = BriefActorSerializer(read_only=True)
    combatant = BriefCombatantSerializer(
        read_only=True, allow_null=True, help_text="The combatant this person leads, where the source says."
    )
    alleged_by = alleged_by_serializer()
    alleged_in = alleged_in_serializer()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefCommanderSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "conflict",
            "actor",
            "side",
            "combatant",
            "title",
            "alleged_by",
            "alleged_in",
            "citations",
            *RECORD_FIELDS,
        ]


def combatants_queryset():
    return Combatant.objects.select_related("conflict", "actor", "alleged_by", "alleged_in").prefetch_related(
        citations_prefetch()
    )


def commanders_queryset():
    return Commander.objects.select_related(
        "conflict", "actor", "combatant__actor", "alleged_by", "alleged_in"
    ).prefetch_related(citations_prefetch())


def actors_queryset():
    return Actor.objects.prefetch_related("aliases", citations_prefetch("description_citations"))
