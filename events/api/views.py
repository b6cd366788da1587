"""Read endpoints of conflicts, events, reactions, demands and places."""

from django.db.models import Prefetch

from actors.api.serializers import combatants_queryset, commanders_queryset
from documents.api.serializers import citations_prefetch
from events.filtersets import (
    ConflictFilterSet,
    DemandFilterSet,
    EventFilterSet,
    PlaceFilterSet,
    ReactionFilterSet,
)
from events.models import Conflict, Demand, Event, Loss, Place, Reaction
from project.api.views import RecordViewSet

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

    queryset = Conflict.objects.select_related("status_alleged_by", "parent").prefetch_related(
        "places", citations_prefetch()
    )
    serializer_class = ConflictSerializer
    detail_serializer_class = ConflictDetailSerializer
    filterset_class = ConflictFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "retrieve":
            return queryset
        return queryset.prefetch_related(
            Prefetch("combatants", queryset=combatants_queryset()),
            Prefetch("commanders", queryset=commanders_queryset()),
            Prefetch("losses", queryset=Loss.objects.prefetch_related(citations_prefetch())),
            "related",
            "children",
        )


class EventViewSet(RecordViewSet):
    """Things that happened, dated as precisely as the source allows, with the actor on whose
    word each rests (`attributed_to`). Events without a conflict are background."""

    queryset = Event.objects.select_related("conflict", "place", "attributed_to").prefetch_related(
        "actors", citations_prefetch()
    )
    serializer_class = EventSerializer
    filterset_class = EventFilterSet


class ReactionViewSet(RecordViewSet):
    """Responses to a conflict or allegation and their stance toward it; a joint statement has
    its signatories, its own document and its numbered demands."""

    queryset = (
        Reaction.objects.select_related("conflict", "actor", "document")
        .defer("document__text")
        .prefetch_related(
            "signatories",
            Prefetch("demands", queryset=Demand.objects.order_by("number")),
            citations_prefetch(),
        )
    )
    serializer_class = ReactionSerializer
    filterset_class = ReactionFilterSet


class DemandViewSet(RecordViewSet):
    """Numbered demands of a statement, each addressed to an actor, with a topic and a status
    that curators track."""

    queryset = Demand.objects.select_related("reaction", "addressee").prefetch_related(citations_prefetch())
    serializer_class = DemandSerializer
    filterset_class = DemandFilterSet


class PlaceViewSet(RecordViewSet):
    """Named places with the other spellings the sources use."""

    queryset = Place.objects.prefetch_related("aliases")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
