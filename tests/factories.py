"""Small builders of valid records for tests; every argument can be overridden."""

import itertools

from actors.models import Actor, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Place, Reaction

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_document(**fields) -> Document:
    text = fields.pop("text", "On 18 September 2024 the plot was announced. Three were arrested.")
    fields.setdefault("slug", unique("document"))
    fields.setdefault("title", "A test document")
    fields.setdefault("kind", Document.Kind.NEWS_REPORT)
    return Document.objects.create(text=text, **fields)


def cite(document: Document, quote: str) -> Citation:
    start = document.text.index(quote)
    return Citation.objects.create(document=document, start=start, end=start + len(quote), quote=quote)


def make_actor(**fields) -> Actor:
    fields.setdefault("slug", unique("actor"))
    fields.setdefault("name", fields["slug"].replace("-", " ").title())
    return Actor.objects.create(**fields)


def make_place(**fields) -> Place:
    fields.setdefault("slug", unique("place"))
    fields.setdefault("name", fields["slug"].title())
    return Place.objects.create(**fields)


def make_conflict(**fields) -> Conflict:
    fields.setdefault("slug", unique("conflict"))
    fields.setdefault("name", fields["slug"].replace("-", " "))
    return Conflict.objects.create(**fields)


def make_combatant(**fields) -> Combatant:
    fields.setdefault("conflict", make_conflict())
    fields.setdefault("actor", make_actor())
    fields.setdefault("side", 1)
    fields.setdefault("slug", unique("combatant"))
    return Combatant.objects.create(**fields)


def make_commander(**fields) -> Commander:
    fields.setdefault("conflict", make_conflict())
    fields.setdefault("actor", make_actor(kind=Actor.Kind.PERSON))
    fields.setdefault("side", 1)
    fields.setdefault("slug", unique("commander"))
    return Commander.objects.create(**fields)


def make_event(**fields) -> Event:
    fields.setdefault("slug", unique("event"))
    fields.setdefault("summary", "Something happened.")
    return Event.objects.create(**fields)


def make_reaction(**fields) -> Reaction:
    fields.setdefault("slug", unique("reaction"))
    return Reaction.objects.create(**fields)


def make_demand(**fields) -> Demand:
    fields.setdefault("reaction", make_reaction())
    fields.setdefault("number", 1)
    fields.setdefault("text", "Do something.")
    fields.setdefault("slug", unique("demand"))
    return Demand.objects.create(**fields)
