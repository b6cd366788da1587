"""Filters of the conflicts, events, reactions, demands and places lists."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import Col
from django.db.models.lookups import IContains, In

from actors.filtersets import CONFLICT_HELP, alleged_in_filter
from actors.models import Actor
from documents.filtersets import Q_HELP, document_filter, quote_matches
from documents.models import Document
from events import search as event_search
from events.models import Conflict, Demand, Event, Place, PlaceAlias, Reaction, Topic
from project.api.filters import (
    DATED_EXEMPT,
    DATED_ORDERINGS,
    RECORD_EXEMPT,
    ChoicesFilter,
    CountryFilter,
    DatedFilterSet,
    KeysetOrderingFilter,
    PositiveIntegerFilter,
    RecordFilterSet,
    SearchFilter,
    SlugFilter,
)
from project.api.search import text_contains, trigram_rows, unindexed_pk

PLACE_HELP = "Slug of a place. Repeat for several (any matches)."
COUNTRY_HELP = (
    "ISO 3166-1 alpha-2 country code (e.g. `AM`), case-insensitive: rows at a place in that country."
)


def place_name_matches(text: str) -> Q:
    aliases = PlaceAlias.objects.filter(place=OuterRef("pk"), name__icontains=text)
    return Q(name__icontains=text) | Q(Exists(aliases))


class PlaceFilterSet(RecordFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("names and aliases"))
    country = CountryFilter(help_text="ISO 3166-1 alpha-2 country code (e.g. `AM`), case-insensitive.")
    conflict = SlugFilter(
        field_name="conflicts", queryset=Conflict.objects.all(), help_text="Slug of a conflict: its places."
    )
    ordering = KeysetOrderingFilter({"slug": [], "name": ["name"], "updated": ["updated"]}, default="name")

    class Meta:
        model = Place
        fields: list[str] = []
        exempt = {**RECORD_EXEMPT, "name": "searched by q"}

    def search(self, queryset, name, value):
        return queryset.filter(place_name_matches(value))


class ConflictFilterSet(DatedFilterSet):
    q = SearchFilter(
        help_text=Q_HELP.format("names, article titles, descriptions, results and cited quotes"),
    )
    kind = ChoicesFilter(choices=Conflict.Kind.choices, help_text="Kind of conflict.")
    status = ChoicesFilter(
        choices=Conflict.Status.choices, help_text="Status (itself a claim; see `status_alleged_by`)."
    )
    status_alleged_by = SlugFilter(
        queryset=Actor.objects.all(), help_text="Slug of the actor on whose claim the status rests."
    )
    actor = SlugFilter(
        field_name="combatants__actor",
        also=("commanders__actor",),
        queryset=Actor.objects.all(),
        help_text="Slug of an actor: conflicts where it is a combatant or commander. Repeat for several.",
    )
    place = SlugFilter(field_name="places", queryset=Place.objects.all(), help_text=PLACE_HELP)
    country = CountryFilter(field_name="places__country", help_text=COUNTRY_HELP)
    parent = SlugFilter(
        queryset=Conflict.objects.all(), help_text="Slug of a conflict: the conflicts part of it."
    )
    related = SlugFilter(
        queryset=Conflict.objects.all(),
        help_text='Slug of a conflict: the conflicts listed in its "See also".',
    )
    document = document_filter()
    ordering = KeysetOrderingFilter({**DATED_ORDERINGS, "name": ["name"]}, default="date")

    class Meta:
        model = Conflict
        fields: list[str] = []
        exempt = {
            **DATED_EXEMPT,
            "name": "searched by q",
            "article_title": "searched by q",
            "result": "searched by q",
            "description": "searched by q",
            "related_topics": "a list of names shown on the detail page; q does not search it",
        }

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(article_title__icontains=value)
            | Q(description__icontains=value)
            | Q(result__icontains=value)
            | Q(quote_matches("conflicts", value))
        )


def event_parts_match(text: str) -> Q:
    """Events whose summary or a cited quote contains ``text``, asked of each part: a trigram
    search of the summaries and one of the quotes, joined to the events."""
    return text_contains(Event, "summary", text, seek=False) | Q(quote_matches("events", text))


def event_document_matches(text: str) -> Q:
    """The same events (for a ``text`` without the separator), from their search documents
    (events.search): one column of the events, one index, tested as ``icontains`` tests a field.

    On SQLite the trigram table narrows the rows as for any column (``text_contains``); the
    list keeps reading its own index in order, testing each row.
    """
    column = Col(Event._meta.db_table, event_search.document_field(Event))
    condition = Q(IContains(column, text))
    rows = trigram_rows(Event, event_search.COLUMN, text)
    return condition if rows is None else Q(In(unindexed_pk(), rows)) & condition


def event_text_matches(text: str) -> Q:
    """The events' `q`: from the search documents, except for a term holding the separator,
    which could span a summary and a quote there and is searched part by part."""
    return event_parts_match(text) if event_search.SEPARATOR in text else event_document_matches(text)


class EventFilterSet(DatedFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("summaries and cited quotes"))
    conflict = SlugFilter(queryset=Conflict.objects.all(), help_text=CONFLICT_HELP)
    kind = ChoicesFilter(choices=Event.Kind.choices, help_text="Kind of event.")
    place = SlugFilter(queryset=Place.objects.all(), help_text=PLACE_HELP)
    country = CountryFilter(field_name="place__country", help_text=COUNTRY_HELP)
    actor = SlugFilter(
        field_name="actors",
        queryset=Actor.objects.all(),
        help_text="Slug of an actor involved. Repeat for several (any matches).",
    )
    attributed_to = SlugFilter(
        also=("alleged_in__actor", "alleged_in__signatories"),
        queryset=Actor.objects.all(),
        help_text="Slug of an actor on whose word the event rests, directly or through a statement it "
        "made or signed (`alleged_in`). Repeat for several.",
    )
    alleged_in = alleged_in_filter()
    topic = ChoicesFilter(choices=Topic.choices, help_text="Topic of a statement's position.")
    document = document_filter()
    ordering = KeysetOrderingFilter(DATED_ORDERINGS, default="date")

    class Meta:
        model = Event
        fields: list[str] = []
        exempt = {**DATED_EXEMPT, "summary": "searched by q"}

    def search(self, queryset, name, value):
        return queryset.filter(event_text_matches(value))


class ReactionFilterSet(DatedFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("summaries, quotes and cited quotes"))
    conflict = SlugFilter(queryset=Conflict.objects.all(), help_text=CONFLICT_HELP)
    actor = SlugFilter(
        also=("signatories",),
        queryset=Actor.objects.all(),
        help_text="Slug of an actor: reactions it made or signed. Repeat for several.",
    )
    kind = ChoicesFilter(choices=Reaction.Kind.choices, help_text="Kind of reaction.")
    stance = ChoicesFilter(choices=Reaction.Stance.choices, help_text="Stance toward the allegation.")
    document = SlugFilter(
        also=("citations__document",),
        queryset=Document.objects.all(),
        help_text="Slug of a document: reactions that are it or cite it. Repeat for several.",
    )
    responds_to = SlugFilter(
        queryset=Event.objects.all(),
        help_text="Slug of an event: the reactions that answer its claim (denials, doubts). "
        "Repeat for several.",
    )
    ordering = KeysetOrderingFilter(DATED_ORDERINGS, default="date")

    class Meta:
        model = Reaction
        fields: list[str] = []
        exempt = {**DATED_EXEMPT, "summary": "searched by q", "quote": "searched by q"}

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(summary__icontains=value) | Q(quote__icontains=value) | Q(quote_matches("reactions", value))
        )


class DemandFilterSet(RecordFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("demand texts and cited quotes"))
    reaction = SlugFilter(queryset=Reaction.objects.all(), help_text="Slug of the statement (reaction).")
    conflict = SlugFilter(
        field_name="reaction__conflict", queryset=Conflict.objects.all(), help_text=CONFLICT_HELP
    )
    addressee = SlugFilter(
        queryset=Actor.objects.all(), help_text="Slug of the actor the demand is addressed to."
    )
    topic = ChoicesFilter(choices=Demand.Topic.choices, help_text="Topic of the demand.")
    place = SlugFilter(field_name="places", queryset=Place.objects.all(), help_text=PLACE_HELP)
    status = ChoicesFilter(choices=Demand.Status.choices, help_text="Status curators track.")
    number = PositiveIntegerFilter(help_text="The demand's number in its statement.")
    document = document_filter()
    ordering = KeysetOrderingFilter(
        {"slug": [], "reaction": ["reaction__slug", "number"], "updated": ["updated"]}, default="reaction"
    )

    class Meta:
        model = Demand
        fields: list[str] = []
        exempt = {**RECORD_EXEMPT, "text": "searched by q"}

    def search(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(quote_matches("demands", value)))
