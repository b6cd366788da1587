"""The database refuses rows that break what must always hold."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Combatant
from documents.models import Citation
from events.models import Event
from tests.factories import (
    cite,
    make_actor,
    make_combatant,
    make_commander,
    make_demand,
    make_document,
    make_event,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slugs_are_unique():
    make_actor(slug="nss")
    refused(lambda: make_actor(slug="nss"))


@pytest.mark.parametrize("factory", [make_combatant, make_commander])
def test_side_must_be_at_least_one(factory):
    refused(lambda: factory(side=0))


def test_one_role_per_conflict_actor_side():
    combatant = make_combatant(side=2)
    refused(lambda: make_combatant(conflict=combatant.conflict, actor=combatant.actor, side=2))
    # the same actor on the other side, or in another conflict, is allowed
    make_combatant(conflict=combatant.conflict, actor=combatant.actor, side=1)
    make_combatant(actor=combatant.actor, side=2)
    assert Combatant.objects.filter(actor=combatant.actor).count() == 3


def test_one_commander_role_per_conflict_actor_side():
    commander = make_commander()
    refused(lambda: make_commander(conflict=commander.conflict, actor=commander.actor, side=1))


def test_one_demand_number_per_statement():
    demand = make_demand(number=3)
    refused(lambda: make_demand(reaction=demand.reaction, number=3))
    refused(lambda: make_demand(reaction=demand.reaction, number=0))


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 4)])
def test_citation_span_must_be_ordered(start, end):
    document = make_document()
    refused(
        lambda: Citation.objects.bulk_create([Citation(document=document, start=start, end=end, quote="x")])
    )


def test_citation_span_is_unique_per_document():
    document = make_document()
    cite(document, "Three were arrested.")
    refused(lambda: cite(document, "Three were arrested."))


def test_citation_quote_must_match_the_document_text():
    document = make_document()
    with pytest.raises(ValidationError, match="does not match"):
        Citation.objects.create(document=document, start=0, end=5, quote="In 19")
    assert not Citation.objects.exists()


def test_date_bounds_must_be_ordered_in_the_database():
    event = make_event(date="2024-09")
    # bypass save() (and its derivation) the way a raw SQL write would
    refused(lambda: Event.objects.filter(pk=event.pk).update(date_earliest="2024-10-01"))


def test_document_body_must_lie_within_its_text():
    with pytest.raises(ValidationError, match="past the end"):
        make_document(text="short", body_end=50)


def test_document_content_hash_is_derived_and_unique():
    document = make_document(text="the same text")
    assert len(document.content_hash) == 64
    refused(lambda: make_document(text="the same text"))


def test_protected_actor_cannot_be_deleted_while_it_has_roles():
    combatant = make_combatant()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        combatant.actor.delete()


def test_a_commander_leads_a_combatant_of_their_own_conflict_and_side():
    combatant = make_combatant(side=2)
    commander = make_commander(conflict=combatant.conflict, side=1, combatant=combatant)
    with pytest.raises(ValidationError) as caught:
        commander.full_clean()
    assert "combatant" in caught.value.message_dict
    commander.side = 2
    commander.full_clean()
