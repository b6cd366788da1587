"""Brief forms of every public record: ``{"slug", "name", "url"}``, the shape of every nested record.

Each resource's full serializer extends its brief form, so a full record always carries the
brief keys too and a client can use one type for "a reference to a record". ``name`` is the
record's human label, always a string:

| record | name |
|---|---|
| actor, place, conflict | its `name` |
| document | its `title` |
| event | its `summary` |
| reaction | its `summary`, or its `quote` when the source gives no summary |
| demand | `"<number>. <text>"` |
| combatant, commander | the actor's name (side and conflict are fields of their own) |

They live in one module because conflicts nest combatants and combatants nest conflicts:
per-app brief forms would import each other in a circle.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param

from actors.models import Actor, Combatant, Commander
from documents.models import Document
from events.models import Conflict, Demand, Event, Place, Reaction

BRIEF_FIELDS = ["slug", "name", "url"]


class DetailURLField(serializers.HyperlinkedIdentityField):
    """The record's own API URL; the route name is derived from the serializer's model."""

    def __init__(self, **kwargs):
        kwargs.setdefault("lookup_field", "slug")
        super().__init__(view_name="-", **kwargs)

    def get_url(self, obj, view_name, request, format):
        # DRF's reverse() carries ?format= over from the request; a record's URL must not
        # (a CSV row's link would otherwise point at a CSV detail, which does not exist).
        return remove_query_param(super().get_url(obj, view_name, request, format), "format")

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.view_name = f"{parent.Meta.model._meta.model_name}-detail"


class BriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(help_text="This record in the API.")

    class Meta:
        fields = BRIEF_FIELDS


class BriefActorSerializer(BriefSerializer):
    class Meta(BriefSerializer.Meta):
        model = Actor


class BriefPlaceSerializer(BriefSerializer):
    class Meta(BriefSerializer.Meta):
        model = Place


class BriefConflictSerializer(BriefSerializer):
    class Meta(BriefSerializer.Meta):
        model = Conflict


class BriefDocumentSerializer(BriefSerializer):
    name = serializers.CharField(source="title", read_only=True, help_text="The document's title.")

    class Meta(BriefSerializer.Meta):
        model = Document


class BriefEventSerializer(BriefSerializer):
    name = serializers.CharField(source="summary", read_only=True, help_text="The event's summary.")

    class Meta(BriefSerializer.Meta):
        model = Event


class BriefReactionSerializer(BriefSerializer):
    name = serializers.SerializerMethodField(help_text="The summary, or the quote when there is no summary.")

    class Meta(BriefSerializer.Meta):
        model = Reaction

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, reaction) -> str:
        return reaction.summary or reaction.quote


class BriefDemandSerializer(BriefSerializer):
    name = serializers.SerializerMethodField(help_text='"<number>. <text>"')

    class Meta(BriefSerializer.Meta):
        model = Demand

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, demand) -> str:
        return f"{demand.number}. {demand.text}"


class BriefCombatantSerializer(BriefSerializer):
    name = serializers.CharField(source="actor.name", read_only=True, help_text="The actor's name.")

    class Meta(BriefSerializer.Meta):
        model = Combatant


class BriefCommanderSerializer(BriefSerializer):
    name = serializers.CharField(source="actor.name", read_only=True, help_text="The commander's name.")

    class Meta(BriefSerializer.Meta):
        model = Commander
