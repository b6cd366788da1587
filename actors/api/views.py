"""Read endpoints of actors, combatants and commanders."""

from actors.filtersets import ActorFilterSet, CombatantFilterSet, CommanderFilterSet
from project.api.views import RecordViewSet

from . import writes
from .serializers import (
    ActorSerializer,
    CombatantSerializer,
    CommanderSerializer,
    actors_queryset,
    combatants_queryset,
    commanders_queryset,
)


class ActorViewSet(RecordViewSet):
    """People, organizations, states and groups, each stored once and shared across conflicts,
    with the other names (aliases) the sources use."""

    queryset = actors_queryset()
    input_serializer_class = writes.ActorInputSerializer
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet


class CombatantViewSet(RecordViewSet):
    """An actor's part on one side of one conflict (belligerent or supporter), and, when the
    role is an allegation, the actor on whose claim it rests (`alleged_by`)."""

    queryset = combatants_queryset()
    input_serializer_class = writes.CombatantInputSerializer
    serializer_class = CombatantSerializer
    filterset_class = CombatantFilterSet


class CommanderViewSet(RecordViewSet):
    """A person's leadership of a side in one conflict, optionally of one combatant, with the
    title the source gives."""

    queryset = commanders_queryset()
    input_serializer_class = writes.CommanderInputSerializer
    serializer_class = CommanderSerializer
    filterset_class = CommanderFilterSet
