"""Fixtures never depend on numeric ids: a natural-key dump reloads into an empty database unchanged."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from actors.models import ActorAlias
from events.models import PlaceAlias
from project.pipeline.build import FIXTURE_MODELS, serialize
from tests.factories import (
    cite,
    make_actor,
    make_combatant,
    make_commander,
    make_conflict,
    make_demand,
    make_document,
    make_event,
    make_place,
    make_reaction,
)

APPS = ["documents", "actors", "events"]
STAMP = datetime.datetime(2024, 9, 18, 12, 0, 0, 123000, tzinfo=datetime.UTC)


def data_models():
    """The models holding the data; history tables are an audit trail keyed by their own ids."""
    return [m for m in apps.get_models() if m._meta.app_label in APPS and not hasattr(m, "instance_type")]


def dump() -> list[dict]:
    """The project's dump (backup and the fixtures write it): natural keys, FIXTURE_MODELS order.

    Not ``dumpdata``'s own order: its dependency sort cannot order a cycle, and there is one
    (an event's claim rests on a statement, ``alleged_in``; a reaction answers an event's claim,
    ``responds_to``). In FIXTURE_MODELS order every non-null reference points back, and
    ``loaddata`` fills the nullable forward ones (``responds_to``) once their rows exist.
    """
    assert {m._meta.label for m in FIXTURE_MODELS} == {m._meta.label for m in data_models()}
    return json.loads(serialize())


def build_graph():
    document = make_document()
    quote = cite(document, "Three were arrested.")
    government = make_actor(slug="government-of-armenia", name="Government of Armenia", kind="government")
    ActorAlias.objects.create(actor=government, name="Government of the Republic of Armenia")
    yerevan = make_place(slug="yerevan", name="Yerevan", country="AM")
    PlaceAlias.objects.create(place=yerevan, name="Erevan")
    parent = make_conflict(slug="crisis", date="2020/..")
    conflict = make_conflict(slug="plot", parent=parent, date="2024-09-18", status_alleged_by=government)
    conflict.places.add(yerevan)
    conflict.related.add(parent)
    conflict.citations.add(quote)
    side1 = make_combatant(conflict=conflict, actor=government, side=1, slug="plot-side-1-gov")
    side1.citations.add(quote)
    make_combatant(conflict=conflict, side=2, role="supporter", alleged_by=government)
    make_commander(conflict=conflict, combatant=side1, title="Prime Minister")
    event = make_event(conflict=conflict, date="2024-09", place=yerevan, attributed_to=government)
    event.actors.add(government)
    statement = make_reaction(
        conflict=conflict, kind="joint_statement", document=document, date="2023-09-26/.."
    )
    statement.signatories.add(government)
    make_demand(reaction=statement, number=1, addressee=government, topic="elections")
    # A reaction that answers the event's claim: a reference forward in the dump's order.
    make_reaction(conflict=conflict, actor=government, stance="denies", responds_to=event)


@pytest.mark.django_db
def test_natural_key_dump_round_trips_into_an_empty_database(tmp_path):
    build_graph()
    # JSON dumps keep milliseconds, so a time under one millisecond past the second dumps as
    # ".000" yet reloads as a whole second: stamp whole milliseconds to compare dumps exactly.
    for model in data_models():
        stamps = {f.name: STAMP for f in model._meta.fields if f.name in ("created", "updated")}
        if stamps:
            model.objects.update(**stamps)
    before = dump()
    ids_before = {m._meta.label: set(m.objects.values_list("pk", flat=True)) for m in data_models()}
    assert all("pk" not in row for row in before), "natural primary keys leave ids out"

    path = tmp_path / "dump.json"
    path.write_text(json.dumps(before))
    for label in [
        "events.Demand",
        "events.Reaction",
        "events.Event",
        "actors.Commander",
        "actors.Combatant",
        "events.Loss",
        "events.Conflict",
        "events.PlaceAlias",
        "events.Place",
        "actors.ActorAlias",
        "actors.Actor",
        "documents.Citation",
        "documents.Document",
    ]:
        apps.get_model(label).objects.all().delete()
    assert dump() == []

    call_command("loaddata", str(path), verbosity=0)
    assert dump() == before
    ids_after = {m._meta.label: set(m.objects.values_list("pk", flat=True)) for m in data_models()}
    assert ids_after["events.Conflict"].isdisjoint(ids_before["events.Conflict"]), "rows got new ids"

    call_command("loaddata", str(path), verbosity=0)
    assert dump() == before, "loading twice changes nothing"


@pytest.mark.django_db
def test_loading_a_citation_whose_quote_is_wrong_fails(tmp_path):
    document = make_document(slug="doc")
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            [
                {
                    "model": "documents.citation",
                    "fields": {
                        "document": ["doc"],
                        "start": 0,
                        "end": 2,
                        "quote": "XX",
                        "created": "2024-01-01T00:00:00Z",
                        "updated": "2024-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="does not match"):
        call_command("loaddata", str(path), verbosity=0)
    assert not document.citations.exists()
