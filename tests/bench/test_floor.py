"""The benchmark's floor builds the API's own answers: the same JSON, the same CSV.

A floor that did less than the API would flatter nothing and measure nothing; this holds it to
the same rows, keys, values and order, on generated data with every kind of nested record.
"""

import json

import pytest
from django.test import override_settings

from events.models import Conflict, Event

pytestmark = [pytest.mark.django_db, pytest.mark.urls("project.bench.urls")]


def results(client, url) -> list:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)["results"]


@pytest.mark.parametrize(
    "query",
    ["", "?q=the", "?date_after=2000-01-01&date_before=2030-12-31", "?page_size=50"],
)
def test_the_floors_events_are_the_apis(client, world, query):
    floor_query = "" if query == "?page_size=50" else query
    api = results(client, f"/api/v1/events/{query}")
    assert api, "the world has events"
    assert results(client, f"/bench/floor/events/{floor_query}") == api


def test_the_floors_events_of_a_conflict_are_the_apis(client, world):
    conflict = Conflict.objects.filter(events__isnull=False).first().slug
    assert results(client, f"/bench/floor/events/?conflict={conflict}") == results(
        client, f"/api/v1/events/?conflict={conflict}"
    )


def test_the_floors_deep_page_continues_where_its_first_ended(client, world):
    everything = results(client, "/api/v1/events/?page_size=500")
    first = json.loads(client.get("/bench/floor/events/").content)
    if first["next"] is None:
        assert first["results"] == everything
        return
    second = json.loads(client.get(first["next"]).content)["results"]
    assert first["results"] + second == everything[: len(first["results"]) + len(second)]


def test_the_floors_reactions_are_the_apis(client, world):
    assert results(client, "/bench/floor/reactions/") == results(client, "/api/v1/reactions/")


def test_the_floors_conflict_detail_is_the_apis(client, world):
    for conflict in Conflict.objects.all():
        api = client.get(f"/api/v1/conflicts/{conflict.slug}/")
        floor = client.get(f"/bench/floor/conflicts/{conflict.slug}/")
        assert json.loads(floor.content) == json.loads(api.content)


def test_the_floors_csv_is_the_apis(client, world):
    api = client.get("/api/v1/events/export.csv")
    floor = client.get("/bench/floor/events/?format=csv")
    assert floor.content == b"".join(api.streaming_content)  # the world's events fit one page


def test_the_floors_export_is_the_apis(client, world, monkeypatch):
    from project.bench import floor as floor_module

    monkeypatch.setattr(floor_module, "EXPORT_CHUNK", 3)  # several chunks
    api = b"".join(client.get("/api/v1/events/export.jsonl").streaming_content).splitlines()
    floor = b"".join(client.get("/bench/floor/events/export.jsonl").streaming_content).splitlines()
    assert len(api) == Event.objects.count() > 3
    assert [json.loads(line) for line in floor] == [json.loads(line) for line in api]


@override_settings(ROOT_URLCONF="project.urls")
def test_the_site_itself_has_no_floor(client, world):
    assert client.get("/bench/floor/events/").status_code == 404


@pytest.mark.parametrize("resource", ["events", "reactions"])
def test_the_floors_page_is_the_apis_but_for_its_own_links(client, world, resource):
    # The links name each side's own URL; every other byte of the page, the cursors the API
    # issues included, is the same.
    api = json.loads(client.get(f"/api/v1/{resource}/?page_size=2").content)
    floor = json.loads(client.get(f"/bench/floor/{resource}/?page_size=2").content)
    assert api["next_cursor"] and api["next"], "the world has more than two"
    assert list(floor) == list(api)
    assert {**floor, "next": None} == {**api, "next": None}


# The stricter floor (project/bench/rawfloor.py): raw SQL on a cursor, the same results.


@pytest.mark.parametrize("query", ["", "?date_after=2000-01-01&date_before=2030-12-31", "?page_size=3"])
def test_the_raw_floors_events_are_the_apis(client, world, query):
    api = results(client, f"/api/v1/events/{query}")
    assert api, "the world has events"
    assert results(client, f"/bench/raw/events/{query}") == api


def test_the_raw_floors_events_of_a_conflict_are_the_apis(client, world):
    conflict = Conflict.objects.filter(events__isnull=False).first().slug
    query = f"?conflict={conflict}&date_after=1990-01-01&date_before=2030-12-31"
    api = results(client, f"/api/v1/events/{query}")
    assert api
    assert results(client, f"/bench/raw/events/{query}") == api


def test_the_raw_floors_next_page_is_the_apis(client, world):
    # Its own next link (the 90%-depth scenario's form) and the API's cursor reach the same rows.
    api = json.loads(client.get("/api/v1/events/?page_size=2").content)
    raw = json.loads(client.get("/bench/raw/events/?page_size=2").content)
    assert raw["next_cursor"] == api["next_cursor"]
    api_next = results(client, api["next"])
    assert api_next
    assert results(client, raw["next"] + "&page_size=2") == api_next


def test_the_raw_floors_event_detail_is_the_apis(client, world):
    events = Event.objects.filter(review_state="published")
    assert events.filter(actors__isnull=False).exists() and events.filter(citations__isnull=False).exists()
    for event in events:
        api = client.get(f"/api/v1/events/{event.slug}/")
        assert api.status_code == 200
        assert json.loads(client.get(f"/bench/raw/events/{event.slug}/").content) == json.loads(api.content)
        assert json.loads(client.get(f"/bench/floor/events/{event.slug}/").content) == json.loads(api.content)
    assert client.get("/bench/raw/events/no-such-event/").status_code == 404


def test_the_raw_floor_reads_a_page_in_three_queries(client, world, django_assert_num_queries):
    # The page with its joined briefs, its actors, its citations: whatever the page's size.
    with django_assert_num_queries(3):
        assert results(client, "/bench/raw/events/?page_size=50")
