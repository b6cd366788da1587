"""Publishing many records reads their references in a fixed number of queries, not per record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from project.records import relations, review
from tests.factories import cite, make_actor, make_conflict, make_document, make_event, make_place


def draft_events(count: int) -> list[Event]:
    document = make_document(review_state="draft", text=f"In {count} places the plot was announced.")
    citation = cite(document, "the plot was announced")
    events = []
    for _ in range(count):
        event = make_event(
            review_state="draft",
            conflict=make_conflict(review_state="draft"),
            place=make_place(review_state="draft"),
            attributed_to=make_actor(review_state="draft"),
        )
        event.actors.set([make_actor(review_state="draft"), make_actor(review_state="draft")])
        event.citations.set([citation])
        event.conflict.citations.set([citation])  # a conflict is a fact too: published only if cited
        events.append(event)
    return [Event.objects.get(pk=event.pk) for event in events]  # nothing cached


def reading_references(events) -> tuple[int, set]:
    with CaptureQueriesContext(connection) as queries:
        relations.prefetch_references(events)
        found = {(type(r).__name__, r.slug) for event in events for r in relations.references(event)}
    return len(queries.captured_queries), found


@pytest.mark.django_db
def test_references_of_many_records_cost_what_those_of_two_cost():
    few, few_found = reading_references(draft_events(2))
    many, many_found = reading_references(draft_events(12))
    assert few == many
    # Every kind of reference is found: conflict, place, attributed_to, actors, the cited document.
    assert {kind for kind, _ in many_found} == {"Conflict", "Place", "Actor", "Document"}
    assert len([kind for kind, _ in many_found if kind == "Actor"]) == 12 * 3


@pytest.mark.django_db
def test_references_without_a_prefetch_are_the_same_records():
    events = draft_events(3)
    unprefetched = [{(type(r).__name__, r.slug) for r in relations.references(event)} for event in events]
    fresh = [Event.objects.get(pk=event.pk) for event in events]
    relations.prefetch_references(fresh)
    assert [
        {(type(r).__name__, r.slug) for r in relations.references(event)} for event in fresh
    ] == unprefetched


@pytest.mark.django_db
def test_publishing_an_event_publishes_its_drafts():
    (event,) = draft_events(1)
    published = review.publish([event])
    assert {type(r).__name__ for r in published} == {"Event", "Conflict", "Place", "Actor", "Document"}
    assert Event.objects.get(pk=event.pk).review_state == "published"
