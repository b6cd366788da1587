"""Filters of the actors, combatants and commanders lists."""

from django.db.models import Exists, OuterRef, Q

from actors.models import Actor, ActorAlias, Combatant, Commander
from documents.filtersets import Q_HELP, document_filter, quote_matches
from documents.models import Document
from project.api.filters import (
    RECORD_EXEMPT,
    ChoicesFilter,
    CountryFilter,
    KeysetOrderingFilter,
    PositiveIntegerFilter,
    RecordFilterSet,
    SearchFilter,
    SlugFilter,
)

# The conflicts and statements roles belong to, reached through the roles' own relations: the
# events app sits above this one (docs/development.md), so it is not imported here.
Conflict = Combatant._meta.get_field("conflict").related_model
Reaction = Combatant._meta.get_field("alleged_in").related_model

CONFLICT_HELP = "Slug of a conflict. Repeat for several (any matches)."
ACTOR_HELP = "Slug of an actor. Repeat for several (any matches)."
# A claim rests on an actor directly, or on a statement the actor made or signed.
ALLEGED_IN_PATHS = ("alleged_in__actor", "alleged_in__signatories")
ALLEGED_BY_HELP = (
    "Slug of an actor: roles that rest on its claim, directly or through a statement it made or "
    "signed (`alleged_in`). Repeat for several."
)


def alleged_by_filter() -> SlugFilter:
    return SlugFilter(
        field_name="alleged_by",
        also=ALLEGED_IN_PATHS,
        queryset=Actor.objects.all(),
        help_text=ALLEGED_BY_HELP,
    )


def alleged_in_filter(field_name: str = "alleged_in") -> SlugFilter:
    return SlugFilter(
        field_name=field_name,
        queryset=Reaction.objects.all(),
        help_text="Slug of a reaction (a statement): the claims that rest on it. Repeat for several.",
    )


def actor_name_matches(path: str, text: str) -> Q:
    """``path`` (an actor relation, or "" for the actor itself) has a name or alias containing ``text``."""
    prefix = f"{path}__" if path else ""
    aliases = ActorAlias.objects.filter(actor=OuterRef(f"{prefix}pk"), name__icontains=text)
    return Q(**{f"{prefix}name__icontains": text}) | Q(Exists(aliases))


class ActorFilterSet(RecordFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("names, aliases and descriptions"))
    kind = ChoicesFilter(choices=Actor.Kind.choices, help_text="Kind of actor.")
    country = CountryFilter(help_text="ISO 3166-1 alpha-2 country code (e.g. `AM`), case-insensitive.")
    conflict = SlugFilter(
        field_name="combatant_roles__conflict",
        also=("commander_roles__conflict",),
        queryset=Conflict.objects.all(),
        help_text="Slug of a conflict: actors with a combatant or commander role in it. Repeat for several.",
    )
    document = SlugFilter(
        field_name="description_citations__document",
        queryset=Document.objects.all(),
        help_text="Slug of a document: actors it names or describes (cited). Repeat for several.",
    )
    ordering = KeysetOrderingFilter({"slug": [], "name": ["name"], "updated": ["updated"]}, default="name")

    class Meta:
        model = Actor
        fields: list[str] = []
        exempt = {**RECORD_EXEMPT, "name": "searched by q", "description": "searched by q"}

    def search(self, queryset, name, value):
        return queryset.filter(actor_name_matches("", value) | Q(description__icontains=value))


class CombatantFilterSet(RecordFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("the actor's names and aliases and the cited quotes"))
    conflict = SlugFilter(queryset=Conflict.objects.all(), help_text=CONFLICT_HELP)
    actor = SlugFilter(queryset=Actor.objects.all(), help_text=ACTOR_HELP)
    side = PositiveIntegerFilter(help_text="Side number, from 1.")
    role = ChoicesFilter(choices=Combatant.Role.choices, help_text="Role on the side.")
    alleged_by = alleged_by_filter()
    alleged_in = alleged_in_filter()
    document = document_filter()
    ordering = KeysetOrderingFilter(
        {"slug": [], "conflict": ["conflict__slug", "side"], "updated": ["updated"]}, default="conflict"
    )

    class Meta:
        model = Combatant
        fields: list[str] = []
        exempt = RECORD_EXEMPT

    def search(self, queryset, name, value):
        return queryset.filter(actor_name_matches("actor", value) | Q(quote_matches("combatants", value)))


class CommanderFilterSet(RecordFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("the commander's names and aliases, titles and cited quotes"))
    conflict = SlugFilter(queryset=Conflict.objects.all(), help_text=CONFLICT_HELP)
    actor = SlugFilter(queryset=Actor.objects.all(), help_text=ACTOR_HELP)
    side = PositiveIntegerFilter(help_text="Side number, from 1.")
    combatant = SlugFilter(
        queryset=Combatant.objects.all(), help_text="Slug of the combatant led. Repeat for several."
    )
    alleged_by = alleged_by_filter()
    alleged_in = alleged_in_filter()
    document = document_filter()
    ordering = KeysetOrderingFilter(
        {"slug": [], "conflict": ["conflict__slug", "side"], "updated": ["updated"]}, default="conflict"
    )

    class Meta:
        model = Commander
        fields: list[str] = []
        exempt = {**RECORD_EXEMPT, "title": "searched by q"}

    def search(self, queryset, name, value):
        return queryset.filter(
            actor_name_matches("actor", value)
            | Q(title__icontains=value)
            | Q(quote_matches("commanders", value))
        )
