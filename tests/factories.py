"""Small builders of valid records for tests; every argument can be overridden."""

import itertools

from django.apps import apps

from actors.models import Actor, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Place, Reaction

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def published(fields: dict) -> dict:
    """Test rows are published unless a test says otherwise: the public API serves only those."""
    fields.setdefault("review_state", "published")
    return fields


def make_document(**fields) -> Document:
    text = fields.pop("text", "On 18 September 2024 the plot was announced. Three were arrested.")
    fields.setdefault("slug", unique("document"))
    fields.setdefault("title", "A test document")
    fields.setdefault("kind", Document.Kind.NEWS_REPORT)
    return Document.objects.create(text=text, **published(fields))


def cite(document: Document, quote: str) -> Citation:
    start = document.text.index(quote)
    return Citation.objects.create(document=document, start=start, end=start + len(quote), quote=quote)


def make_actor(**fields) -> Actor:
    fields.setdefault("slug", unique("actor"))
    fields.setdefault("name", fields["slug"].replace("-", " ").title())
    return Actor.objects.create(**published(fields))


def make_place(**fields) -> Place:
    fields.setdefault("slug", unique("place"))
    fields.setdefault("name", fields["slug"].title())
    return Place.objects.create(**published(fields))


def make_conflict(**fields) -> Conflict:
    fields.setdefault("slug", unique("conflict"))
    fields.setdefault("name", fields["slug"].replace("-", " "))
    return Conflict.objects.create(**published(fields))


def make_combatant(**fields) -> Combatant:
    fields.setdefault("conflict", make_conflict())
    fields.setdefault("actor", make_actor())
    fields.setdefault("side", 1)
    fields.setdefault("slug", unique("combatant"))
    return Combatant.objects.create(**published(fields))


def make_commander(**fields) -> Commander:
    fields.setdefault("conflict", make_conflict())
    fields.setdefault("actor", make_actor(kind=Actor.Kind.PERSON))
    fields.setdefault("side", 1)
    fields.setdefault("slug", unique("commander"))
    return Commander.objects.create(**published(fields))


def make_event(**fields) -> Event:
    fields.setdefault("slug", unique("event"))
    fields.setdefault("summary", "Something happened.")
    return Event.objects.create(**published(fields))


def make_reaction(**fields) -> Reaction:
    fields.setdefault("slug", unique("reaction"))
    return Reaction.objects.create(**published(fields))


def make_demand(**fields) -> Demand:
    fields.setdefault("reaction", make_reaction())
    fields.setdefault("number", 1)
    fields.setdefault("text", "Do something.")
    fields.setdefault("slug", unique("demand"))
    return Demand.objects.create(**published(fields))


def make_cited_world(size: int, citations_per_fact: int = 3) -> dict:
    """``size`` rows of every exposed resource, each fact with several citations, all related.

    Dates vary (day, month, year precision, open ends, none) so filters and date orderings
    see every case.
    """
    sentences = [
        f"Sentence number {i} says something quotable about the plot." for i in range(citations_per_fact)
    ]
    document = make_document(text=" ".join(sentences), date="2024-09-18")
    citations = [cite(document, sentence) for sentence in sentences]
    dates = ["2024-09-18", "2024-09", "2023", "2023-09-26/..", "", "../2022-05-01"]
    country_place = make_place(country="AM")
    world = {"document": document, "citations": citations, "place": country_place}
    parent = make_conflict(date="2023")
    rows = {
        key: []
        for key in ["conflicts", "events", "reactions", "demands", "combatants", "commanders", "actors"]
    }
    for i in range(size):
        date = dates[i % len(dates)]
        actor = make_actor(country="AM" if i % 2 else "RU")
        actor.aliases.create(name=f"Alias of actor {i}")
        conflict = make_conflict(date=date, parent=parent, status_alleged_by=actor)
        conflict.places.add(country_place)
        conflict.related.add(parent)
        conflict.citations.add(*citations)
        combatant = make_combatant(conflict=conflict, actor=actor, alleged_by=actor)
        combatant.citations.add(*citations)
        commander = make_commander(conflict=conflict, combatant=combatant, side=2)
        commander.citations.add(*citations)
        loss = conflict.losses.create(
            **published(
                {"slug": unique("loss"), "side": 1, "kind": "arrested", "count": i, "description": "Arrests"}
            )
        )
        loss.citations.add(*citations)
        event = make_event(conflict=conflict, date=date, place=country_place, attributed_to=actor)
        event.actors.add(actor)
        event.citations.add(*citations)
        reaction = make_reaction(
            conflict=conflict, actor=actor, date=date, document=document, summary=f"Reaction {i}"
        )
        reaction.signatories.add(actor)
        reaction.citations.add(*citations)
        demand = make_demand(reaction=reaction, addressee=actor)
        demand.citations.add(*citations)
        for key, row in [
            ("conflicts", conflict),
            ("events", event),
            ("reactions", reaction),
            ("demands", demand),
            ("combatants", combatant),
            ("commanders", commander),
            ("actors", actor),
        ]:
            rows[key].append(row)
    world.update(rows)
    return world


def empty_database() -> None:
    """Delete every built record. Claims let go of their statements first: ``alleged_in`` protects
    a statement from deletion while a claim rests on it, and reactions come before the facts
    in no deletion order that also respects their conflicts."""
    from project.pipeline.build import FIXTURE_MODELS

    for model in (Combatant, Commander, Event):
        model.objects.update(alleged_in=None)
    for model in reversed(FIXTURE_MODELS):
        model.objects.all().delete()
    # The deletions wrote history ("deleted"), which would outlive this module's data: a later
    # load_seed reads it as a curator's deletion and leaves those records out.
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()
