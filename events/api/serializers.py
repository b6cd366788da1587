"""Conflicts (with sides and losses), events, reactions, demands and places."""

from itertools import groupby

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.api.serializers import CombatantSerializer, CommanderSerializer, alleged_in_serializer
from documents.api.serializers import DATE_FIELDS, RECORD_FIELDS, CitationSerializer
from events.models import Conflict, Demand, Event, Loss, Place, Reaction
from project.api.brief import BRIEF_FIELDS, CachedFields, brief_serializer

BriefActorSerializer = brief_serializer("actors.Actor")
BriefConflictSerializer = brief_serializer(Conflict)
BriefDemandSerializer = brief_serializer(Demand)
BriefDocumentSerializer = brief_serializer("documents.Document")
BriefEventSerializer = brief_serializer(Event)
BriefPlaceSerializer = brief_serializer(Place)
BriefReactionSerializer = brief_serializer(Reaction)


class PlaceSerializer(BriefPlaceSerializer):
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other spellings the sources use."
    )

    class Meta(BriefPlaceSerializer.Meta):
        fields = [*BRIEF_FIELDS, "country", "aliases", *RECORD_FIELDS]


class LossSerializer(CachedFields, serializers.ModelSerializer):
    """Losses of one side; ``count`` is null when the source gives no number."""

    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Loss
        fields = ["slug", "side", "kind", "count", "description", "citations", "curator_note"]


class SideSerializer(CachedFields, serializers.Serializer):
    """One side of a conflict: who fought or supported, who led, what it lost."""

    side = serializers.IntegerField(help_text="Side number as in the source, from 1.")
    combatants = CombatantSerializer(many=True)
    commanders = CommanderSerializer(many=True)
    losses = LossSerializer(many=True)


class ConflictSerializer(BriefConflictSerializer):
    status_alleged_by = BriefActorSerializer(
        read_only=True, allow_null=True, help_text="The actor on whose claim the status rests."
    )
    places = BriefPlaceSerializer(many=True, read_only=True)
    parent = BriefConflictSerializer(
        read_only=True, allow_null=True, help_text='The conflict this is "part of".'
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefConflictSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "article_title",
            "kind",
            "status",
            "status_alleged_by",
            "result",
            "description",
            *DATE_FIELDS,
            "places",
            "parent",
            "citations",
            *RECORD_FIELDS,
        ]


class ConflictDetailSerializer(ConflictSerializer):
    """A conflict with its sides (combatants, commanders and losses grouped by side number)."""

    sides = serializers.SerializerMethodField()
    related = BriefConflictSerializer(
        many=True, read_only=True, help_text='Conflicts the source lists under "See also".'
    )
    children = BriefConflictSerializer(
        many=True, read_only=True, help_text="Conflicts that are part of this one."
    )
    related_topics = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text='Topics the source lists under "See also" that are no conflict, as it names them.',
    )

    class Meta(ConflictSerializer.Meta):
        fields = [*ConflictSerializer.Meta.fields, "sides", "related", "related_topics", "children"]

    @extend_schema_field(SideSerializer(many=True))
    def get_sides(self, conflict) -> list[dict]:
        # Grouped in Python from the prefetched rows: no query per side.
        by_side = {}
        for name, rows in [
            ("combatants", conflict.combatants.all()),
            ("commanders", conflict.commanders.all()),
            ("losses", conflict.losses.all()),
        ]:
            for side, members in groupby(
                sorted(rows, key=lambda row: (row.side, row.slug)), key=lambda row: row.side
            ):
                by_side.setdefault(side, {"side": side, "combatants": [], "commanders": [], "losses": []})[
                    name
                ] = list(members)
        return SideSerializer(
            [by_side[side] for side in sorted(by_side)], many=True, context=self.context
        ).data


class EventSerializer(BriefEventSerializer):
    conflict = BriefConflictSerializer(
        read_only=True, allow_null=True, help_text="Null for background events."
    )
    place = BriefPlaceSerializer(read_only=True, allow_null=True)
    actors = BriefActorSerializer(many=True, read_only=True, help_text="Actors involved.")
    attributed_to = BriefActorSerializer(
        read_only=True, allow_null=True, help_text="The actor on whose word the event rests."
    )
    alleged_in = alleged_in_serializer(
        "The statement on whose word the event rests, when it is several actors' word at once "
        "(a joint statement's signatories) or the statement's as a whole."
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefEventSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "conflict",
            "kind",
            "topic",
            "summary",
            *DATE_FIELDS,
            "place",
            "actors",
            "attributed_to",
            "alleged_in",
            "citations",
            *RECORD_FIELDS,
        ]


class ReactionSerializer(BriefReactionSerializer):
    conflict = BriefConflictSerializer(read_only=True, allow_null=True)
    actor = BriefActorSerializer(
        read_only=True, allow_null=True, help_text="Who reacts; null for joint statements."
    )
    signatories = BriefActorSerializer(
        many=True, read_only=True, help_text="The makers of a joint statement."
    )
    document = BriefDocumentSerializer(
        read_only=True,
        allow_null=True,
        help_text="The document that is this reaction (a published statement).",
    )
    responds_to = BriefEventSerializer(
        read_only=True,
        allow_null=True,
        help_text="The claim (an event) this reaction answers, when the source says which.",
    )
    demands = BriefDemandSerializer(many=True, read_only=True, help_text="The reaction's numbered demands.")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefReactionSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "conflict",
            "actor",
            "signatories",
            "kind",
            "stance",
            "summary",
            "quote",
            *DATE_FIELDS,
            "document",
            "responds_to",
            "demands",
            "citations",
            *RECORD_FIELDS,
        ]


class DemandSerializer(BriefDemandSerializer):
    reaction = BriefReactionSerializer(read_only=True, help_text="The statement the demand is part of.")
    addressee = BriefActorSerializer(read_only=True, allow_null=True)
    places = BriefPlaceSerializer(many=True, read_only=True, help_text="Places the demand names.")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(BriefDemandSerializer.Meta):
        fields = [
            *BRIEF_FIELDS,
            "reaction",
            "number",
            "text",
            "addressee",
            "topic",
            "places",
            "status",
            "citations",
            *RECORD_FIELDS,
        ]
