"""Actors and their roles in conflicts (combatants, commanders)."""

from rest_framework import serializers

from actors.models import Actor, Combatant, Commander
from documents.api.serializers import RECORD_FIELDS, CitationSerializer, citations_prefetch
from project.api.brief import (
    BRIEF_FIELDS,
    BriefActorSerializer,
    BriefCombatantSerializer,
    BriefCommanderSerializer,
    BriefConflictSerializer,
)


class ActorSerializer(BriefActorSerializer):
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other names the sources use."
    )

    class Meta(BriefActorSerializer.Meta):
        fields = [*BRIEF_FIELDS, "kind", "country", "description", "aliases", *RECORD_FIELDS]


class CombatantSerializer(BriefCombatantSerializer):
    conflict = BriefConflictSerializer(read_only=True)
    actor = BriefActorSerializer(read_only=True)
    alleged_by = BriefActorSerializer(
        read_only=True, allow_null=True, help_text="The actor on whose claim this role rests, if alleged."
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefCombatantSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "conflict",
            "actor",
            "side",
            "role",
            "alleged_by",
            "citations",
            *RECORD_FIELDS,
        ]


class CommanderSerializer(BriefCommanderSerializer):
    conflict = BriefConflictSerializer(read_only=True)
    actor = BriefActorSerializer(read_only=True)
    combatant = BriefCombatantSerializer(
        read_only=True, allow_null=True, help_text="The combatant this person leads, where the source says."
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefCommanderSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "conflict",
            "actor",
            "side",
            "combatant",
            "title",
            "citations",
            *RECORD_FIELDS,
        ]


def combatants_queryset():
    return Combatant.objects.select_related("conflict", "actor", "alleged_by").prefetch_related(
        citations_prefetch()
    )


def commanders_queryset():
    return Commander.objects.select_related("conflict", "actor", "combatant__actor").prefetch_related(
        citations_prefetch()
    )


def actors_queryset():
    return Actor.objects.prefetch_related("aliases")
