"""Conflicts (with sides and losses), events, reactions, demands and places."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.api.serializers import CombatantSerializer, CommanderSerializer, alleged_in_serializer
from documents.api.serializers import DATE_FIELDS, RECORD_FIELDS, CitationSerializer
from events.models import Conflict, Demand, Event, Loss, Place, Reaction
from events.timeline import AllegedVia, RowKind
from project.api import compiled
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
    timeline = serializers.SerializerMethodField(
        help_text="The conflict's timeline, an HTML page: its published events and reactions on a "
        "time axis (the same rows as JSON: the `conflicts_timeline` operation)."
    )

    class Meta(ConflictSerializer.Meta):
        fields = [
            *ConflictSerializer.Meta.fields,
            "sides",
            "related",
            "related_topics",
            "children",
            "timeline",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_timeline(self, conflict) -> str:
        return timeline_page_url(self.context["request"], conflict.slug)

    @extend_schema_field(SideSerializer(many=True))
    def get_sides(self, conflict) -> list[dict]:
        # Grouped in Python from the prefetched rows: no query per side.
        members = SideSerializer(context=self.context).fields
        return group_sides(
            self.context.get("request"),
            *(members[name].to_representation(getattr(conflict, name).all()) for name in SIDE_LISTS),
        )

    # project.api.compiled: the same values from the rows the compiled read path reads.
    def compiled_timeline(self):
        return compiled.Derived(timeline_page_url, columns=["slug"])

    def compiled_sides(self):
        members = SideSerializer().fields
        return compiled.Derived(group_sides, lists={name: members[name] for name in SIDE_LISTS})


SIDE_LISTS = ("combatants", "commanders", "losses")


def group_sides(request, combatants: list, commanders: list, losses: list) -> list[dict]:
    """A conflict's sides from its represented combatants, commanders and losses (each in side
    and slug order), on DRF's path and the compiled one alike."""
    by_side = {}
    for name, rows in zip(SIDE_LISTS, (combatants, commanders, losses), strict=True):
        for row in sorted(rows, key=lambda row: (row["side"], row["slug"])):
            side = by_side.setdefault(
                row["side"], {"side": row["side"], "combatants": [], "commanders": [], "losses": []}
            )
            side[name].append(row)
    return [by_side[side] for side in sorted(by_side)]


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


def timeline_page_url(request, slug: str) -> str:
    return request.build_absolute_uri(reverse("conflict-timeline-page", kwargs={"slug": slug}))


class TimelineRowSerializer(serializers.Serializer):
    """One event or reaction of a conflict's timeline: its date as stored and as bounds, whose
    word it is, the words its citations quote, and the lane the timeline page draws it in."""

    kind = serializers.ChoiceField(choices=RowKind.choices, read_only=True)
    slug = serializers.SlugField(read_only=True)
    url = serializers.URLField(read_only=True, help_text="The event or reaction in the API.")
    summary = serializers.CharField(
        read_only=True, help_text="The event's summary; a reaction's, or its quote when it has none."
    )
    date = serializers.CharField(
        read_only=True, help_text="EDTF as stored; empty when the source gives no date."
    )
    date_earliest = serializers.DateField(
        read_only=True, allow_null=True, help_text="Earliest day the date can mean; null for an open start."
    )
    date_latest = serializers.DateField(
        read_only=True, allow_null=True, help_text="Latest day the date can mean; null for an open end."
    )
    open_start = serializers.BooleanField(
        read_only=True, help_text="The date has no earliest bound (EDTF `..`)."
    )
    open_end = serializers.BooleanField(read_only=True, help_text="The date has no latest bound (EDTF `..`).")
    uncertain = serializers.BooleanField(
        read_only=True, help_text="The date is uncertain or approximate (EDTF `?`, `~` or `%`)."
    )
    alleged_via = serializers.ChoiceField(
        choices=AllegedVia.choices,
        read_only=True,
        help_text="Which relation says whose word the row is; `source` when it is the source's own.",
    )
    alleged_by = BriefActorSerializer(
        read_only=True,
        allow_null=True,
        help_text="The actor whose word it is: an event's `attributed_to`, a reaction's `actor`.",
    )
    alleged_in = alleged_in_serializer("The statement on whose word an event rests (`alleged_in`).")
    signatories = BriefActorSerializer(
        many=True, read_only=True, help_text="A joint statement's makers, when the row is one."
    )
    citations = CitationSerializer(many=True, read_only=True)
    lane = serializers.IntegerField(
        read_only=True,
        min_value=0,
        help_text="The lane the timeline page draws the row in, from 0: dated rows share one set of "
        "lanes so that no two labels overlap; undated rows are drawn in a band of their own.",
    )


class ConflictTimelineSerializer(serializers.Serializer):
    """A conflict's events and reactions in date order (the earliest bound, else the latest; undated
    last; then slug), as its timeline page draws them."""

    conflict = BriefConflictSerializer(read_only=True)
    page = serializers.SerializerMethodField(help_text="The timeline as an HTML page.")
    rows = TimelineRowSerializer(many=True, read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, timeline) -> str:
        return timeline_page_url(self.context["request"], timeline.conflict.slug)
