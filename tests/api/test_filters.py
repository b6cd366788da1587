"""Filters: overlap semantics on uncertain dates, validated values, no duplicate rows, coverage."""

import datetime

import pytest
from django.urls import resolve
from django.utils import timezone

from actors.models import Actor
from events.models import Event
from tests.factories import cite, make_actor, make_conflict, make_document, make_event, make_place

from .conftest import RESOURCES, walk

pytestmark = pytest.mark.django_db


def slugs(api, url: str) -> set[str]:
    return {row["slug"] for row in walk(api, url)}


@pytest.fixture
def dated_events(db):
    return {
        date or "undated": make_event(
            slug=f"ev-{date.replace('/', '_').replace('.', 'o') or 'undated'}", date=date
        )
        for date in ["2024-09", "2024-09-18", "2024-08-31", "2024", "2023-09-26/..", "../2024-01-01", ""]
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        # A September 2024 event is found by any day of September.
        ("date_after=2024-09-18", {"2024-09", "2024-09-18", "2024", "2023-09-26/.."}),
        ("date_after=2024-09-19", {"2024-09", "2024", "2023-09-26/.."}),
        (
            "date_before=2024-09-18",
            {"2024-09", "2024-09-18", "2024-08-31", "2024", "2023-09-26/..", "../2024-01-01"},
        ),
        ("date_before=2024-08-31", {"2024-08-31", "2024", "2023-09-26/..", "../2024-01-01"}),
        ("date_after=2024-09-01&date_before=2024-09-01", {"2024-09", "2024", "2023-09-26/.."}),
        ("date_after=2025-01-01", {"2023-09-26/.."}),  # only the open end reaches 2025
        ("date_before=2023-01-01", {"../2024-01-01"}),  # only the open start reaches back
    ],
)
def test_date_filters_keep_overlapping_ranges_and_never_undated_rows(api, dated_events, query, expected):
    found = slugs(api, f"/api/v1/events/?{query}")
    assert found == {dated_events[date].slug for date in expected}


@pytest.mark.parametrize("param", ["date_after", "date_before"])
@pytest.mark.parametrize("value", ["2024-13-01", "18/09/2024", "2024-09-18T10:00", "yesterday"])
def test_a_malformed_date_is_a_400_naming_the_parameter(api, param, value):
    response = api.get(f"/api/v1/events/?{param}={value}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


def test_updated_since_takes_a_date_or_a_datetime(api, db):
    old = make_actor(slug="old")
    Actor.objects.filter(pk=old.pk).update(updated=timezone.now() - datetime.timedelta(days=3))
    make_actor(slug="new")
    since = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0)
    assert slugs(api, f"/api/v1/actors/?updated_since={since.date().isoformat()}") == {"new"}
    stamp = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert slugs(api, f"/api/v1/actors/?updated_since={stamp}") == {"new"}
    response = api.get("/api/v1/actors/?updated_since=last-week")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["updated_since"]


@pytest.mark.parametrize(
    "resource, param",
    [
        ("conflicts", "actor"),
        ("conflicts", "place"),
        ("conflicts", "status_alleged_by"),
        ("conflicts", "parent"),
        ("conflicts", "related"),
        ("conflicts", "document"),
        ("combatants", "conflict"),
        ("combatants", "actor"),
        ("combatants", "alleged_by"),
        ("commanders", "combatant"),
        ("events", "conflict"),
        ("events", "actor"),
        ("events", "attributed_to"),
        ("events", "place"),
        ("reactions", "actor"),
        ("reactions", "document"),
        ("demands", "addressee"),
        ("demands", "reaction"),
        ("demands", "conflict"),
        ("actors", "conflict"),
        ("places", "conflict"),
    ],
)
def test_an_unknown_slug_is_a_400_naming_the_parameter(api, world, resource, param):
    response = api.get(f"/api/v1/{resource}/?{param}=no-such-slug")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


@pytest.mark.parametrize(
    "resource, param",
    [
        ("conflicts", "kind"),
        ("conflicts", "status"),
        ("combatants", "role"),
        ("events", "kind"),
        ("reactions", "kind"),
        ("reactions", "stance"),
        ("demands", "topic"),
        ("demands", "status"),
        ("actors", "kind"),
        ("documents", "kind"),
        ("events", "ordering"),
        ("combatants", "side"),
        ("actors", "country"),
        ("events", "country"),
    ],
)
def test_an_invalid_value_is_a_400_naming_the_parameter(api, resource, param):
    response = api.get(f"/api/v1/{resource}/?{param}=not-a-valid-value")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [param] and param in body["detail"]


def test_an_unknown_parameter_is_a_400_naming_it(api):
    response = api.get("/api/v1/events/?date_afterr=2024-01-01")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["date_afterr"]
    detail = api.get("/api/v1/events/some-slug/?kind=arrest")
    assert detail.status_code == 400 and list(detail.json()["errors"]) == ["kind"]


def test_relation_filters_select_the_related_rows(api, world):
    conflict, actor = world["conflicts"][0], world["actors"][0]
    assert slugs(api, f"/api/v1/events/?conflict={conflict.slug}") == {
        e.slug for e in Event.objects.filter(conflict=conflict)
    }
    assert slugs(api, f"/api/v1/conflicts/?actor={actor.slug}") == {conflict.slug}
    assert slugs(api, f"/api/v1/reactions/?actor={actor.slug}") == {world["reactions"][0].slug}
    assert slugs(api, f"/api/v1/demands/?addressee={actor.slug}") == {world["demands"][0].slug}
    assert slugs(api, f"/api/v1/actors/?conflict={conflict.slug}") == {
        actor.slug,
        world["commanders"][0].actor.slug,
    }
    two = f"conflict={world['conflicts'][0].slug}&conflict={world['conflicts'][1].slug}"
    assert len(slugs(api, f"/api/v1/combatants/?{two}")) == 2


def test_country_and_choice_filters(api, world):
    assert slugs(api, "/api/v1/actors/?country=am") == {a.slug for a in world["actors"] if a.country == "AM"}
    assert len(slugs(api, "/api/v1/events/?country=AM")) == len(world["events"])
    assert slugs(api, "/api/v1/events/?country=FR") == set()
    assert slugs(api, "/api/v1/combatants/?role=supporter") == set()
    assert len(slugs(api, "/api/v1/combatants/?role=belligerent&role=supporter")) == len(world["combatants"])


def test_text_search_matches_names_aliases_and_quotes_once(api, db):
    document = make_document(text="The Rostov-on-Don plot was denied. Rostov again.")
    place = make_place(name="Rostov-on-Don")
    place.aliases.create(name="Rostov on Don")
    actor = make_actor(name="Serob Gasparian")
    actor.aliases.create(name="Gasparyan")
    event = make_event(summary="Rostov meeting", place=place)
    # Two matching citations must not list the event twice.
    event.citations.add(cite(document, "Rostov-on-Don plot"), cite(document, "Rostov again"))
    make_event(summary="Unrelated")
    assert [row["slug"] for row in walk(api, "/api/v1/events/?q=rostov")] == [event.slug]
    assert [row["slug"] for row in walk(api, "/api/v1/events/?q=WAS DENIED")] == []
    assert slugs(api, "/api/v1/places/?q=rostov on") == {place.slug}
    assert slugs(api, "/api/v1/actors/?q=gasparyan") == {actor.slug}
    conflict = make_conflict(name="Alleged plot")
    conflict.citations.add(cite(document, "was denied"))
    assert slugs(api, "/api/v1/conflicts/?q=was denied") == {conflict.slug}


def test_document_filter_finds_facts_citing_it(api, world):
    assert len(slugs(api, f"/api/v1/events/?document={world['document'].slug}")) == len(world["events"])
    other = make_document(text="Nothing cited here.")
    assert slugs(api, f"/api/v1/events/?document={other.slug}") == set()


# Model fields each FilterSet covers through a filter's path or lists in Meta.exempt with a reason.
@pytest.mark.parametrize("resource", RESOURCES)
def test_every_model_field_is_filterable_or_exempt(resource):
    filterset = resolve(f"/api/v1/{resource}/").func.cls.filterset_class
    covered = set(filterset.Meta.exempt)
    for declared in filterset.base_filters.values():
        paths = getattr(declared, "paths", (declared.field_name,))
        covered |= {path.split("__")[0] for path in paths}
    fields = {
        field.name
        for field in RESOURCES[resource]._meta.get_fields()
        if field.concrete or field.many_to_many and not field.auto_created
    }
    missing = fields - covered
    assert not missing, f"{filterset.__name__}: add a filter or a Meta.exempt reason for {sorted(missing)}"
    stale = set(filterset.Meta.exempt) - fields
    assert not stale, f"{filterset.__name__}: Meta.exempt names fields the model lacks: {sorted(stale)}"


def test_unknown_and_invalid_parameters_are_reported_together(api):
    response = api.get("/api/v1/events/?date_afterr=2024-01-01&kind=nope")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date_afterr", "kind"}
