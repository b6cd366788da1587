"""Read endpoints of conflicts, events, reactions, demands and places."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from actors.api.serializers import combatants_queryset, commanders_queryset
from actors.models import Actor
from documents.api.serializers import citations_prefetch
from events.filtersets import (
    ConflictFilterSet,
    DemandFilterSet,
    EventFilterSet,
    PlaceFilterSet,
    ReactionFilterSet,
)
from events.models import Conflict, Demand, Event, Loss, Place, Reaction
from events.timeline import timeline
from project.api.brief import brief_columns, briefs, listed, with_briefs
from project.api.views import LIST_ACTIONS, RecordViewSet
from project.records import review
from project.records.base import ReviewState

from . import writes
from .serializers import (
    ConflictDetailSerializer,
    ConflictSerializer,
    ConflictTimelineSerializer,
    DemandSerializer,
    EventSerializer,
    PlaceSerializer,
    ReactionSerializer,
)


class ConflictViewSet(RecordViewSet):
    """Coups, coup attempts, alleged plots and wider crises. A conflict's detail groups its
    combatants, commanders and losses by side and lists related conflicts (See also) and the
    conflicts that are part of it."""

    queryset = with_briefs(Conflict.objects, "status_alleged_by", "parent").prefetch_related(
        listed("places", briefs(Place)), citations_prefetch()
    )
    input_serializer_class = writes.ConflictInputSerializer
    serializer_class = ConflictSerializer
    detail_serializer_class = ConflictDetailSerializer
    filterset_class = ConflictFilterSet
    tagged_actions = frozenset({"timeline"})

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in LIST_ACTIONS:
            return queryset
        if self.action == "timeline":
            return queryset.prefetch_related(None)  # the conflict's own row; the rows are read apart
        visible = self.published_only
        return queryset.prefetch_related(
            Prefetch("combatants", queryset=visible(combatants_queryset())),
            Prefetch("commanders", queryset=visible(commanders_queryset())),
            Prefetch("losses", queryset=visible(Loss.objects.prefetch_related(citations_prefetch()))),
            "related",
            Prefetch("children", queryset=visible(Conflict.objects.all())),
        )

    def timeline_visible(self, queryset):
        """A conflict's nested records follow the caller, as its sides do: a curator who may view
        conflicts' drafts, and the drafts of the model at hand, sees them; everyone else the
        published ones. (The tag's variant is the conflict's, so it changes with what is shown.)"""
        user = getattr(self.request, "user", None)
        if self.shows_drafts() and review.may_view_drafts(user, queryset.model):
            return queryset
        return queryset.filter(review_state=ReviewState.PUBLISHED)

    @extend_schema(
        responses=ConflictTimelineSerializer,
        summary="The timeline of one conflict: its events and reactions in date order",
        description="The rows the conflict's timeline page (`timeline` of its detail) draws, in the "
        "same order and lanes: each event and reaction with its EDTF date and bounds (null on an "
        "open side), whether the date is uncertain, whose word it is and which relation says so, "
        "and its citations. Anonymous callers see published rows only; a curator who may view "
        "drafts sees them too, as in a conflict's sides. A 304 answers a matching If-None-Match "
        "before any data is read.",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def timeline(self, request, *args, **kwargs):
        response = self.not_modified()
        if response is not None:
            return response
        rows = timeline(self.get_object(), self.timeline_visible, request)
        response = Response(ConflictTimelineSerializer(rows, context=self.get_serializer_context()).data)
        if self.current_generation is not None:
            response["ETag"] = self.url_tag()
        return response


class EventViewSet(RecordViewSet):
    """Things that happened, dated as precisely as the source allows, with the actor on whose
    word each rests (`attributed_to`). Events without a conflict are background."""

    queryset = with_briefs(
        Event.objects, "conflict", "place", "attributed_to", "alleged_in"
    ).prefetch_related(listed("actors", briefs(Actor)), citations_prefetch())
    input_serializer_class = writes.EventInputSerializer
    serializer_class = EventSerializer
    filterset_class = EventFilterSet


class ReactionViewSet(RecordViewSet):
    """Responses to a conflict or allegation and their stance toward it; a joint statement has
    its signatories, its own document and its numbered demands."""

    queryset = with_briefs(Reaction.objects, "conflict", "actor", "document", "responds_to").prefetch_related(
        listed("signatories", briefs(Actor)), citations_prefetch()
    )
    input_serializer_class = writes.ReactionInputSerializer
    serializer_class = ReactionSerializer
    filterset_class = ReactionFilterSet

    def get_queryset(self):
        demands = self.published_only(
            briefs(Demand).only(*brief_columns(Demand), "reaction").order_by("number")
        )
        return super().get_queryset().prefetch_related(listed("demands", demands))


class DemandViewSet(RecordViewSet):
    """Numbered demands of a statement, each addressed to an actor, with a topic and a status
    that curators track."""

    queryset = with_briefs(Demand.objects, "reaction", "addressee").prefetch_related(
        listed("places", briefs(Place)), citations_prefetch()
    )
    input_serializer_class = writes.DemandInputSerializer
    serializer_class = DemandSerializer
    filterset_class = DemandFilterSet


class PlaceViewSet(RecordViewSet):
    """Named places with the other spellings the sources use."""

    queryset = Place.objects.prefetch_related("aliases")
    input_serializer_class = writes.PlaceInputSerializer
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
