"""Read endpoints of conflicts, events, reactions, demands and places."""

from django.db.models import Prefetch

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
from project.api.brief import brief_columns, briefs, listed, with_briefs
from project.api.views import LIST_ACTIONS, RecordViewSet

from . import writes
from .serializers import (
    ConflictDetailSerializer,
    ConflictSerializer,
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

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in LIST_ACTIONS:
            return queryset
        visible = self.published_only
        return queryset.prefetch_related(
            Prefetch("combatants", queryset=visible(combatants_queryset())),
            Prefetch("commanders", queryset=visible(commanders_queryset())),
            Prefetch("losses", queryset=visible(Loss.objects.prefetch_related(citations_prefetch()))),
            "related",
            Prefetch("children", queryset=visible(Conflict.objects.all())),
        )


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
