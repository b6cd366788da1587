"""Every list runs a fixed number of queries whatever the page size; every detail a fixed number.

The expected numbers live in query_counts.json (one place, reviewed like code): a change that
adds a query per row fails here, whatever the data.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import make_cited_world

from .conftest import RESOURCES

EXPECTED = {
    endpoint: entry["queries"]
    for endpoint, entry in json.loads((Path(__file__).parent / "query_counts.json").read_text()).items()
}


def is_cache_query(sql: str) -> bool:
    """A read or write of the database cache (and the savepoint around a write): the throttle's
    count and the ETags' data generation (project.api.throttles, project.api.etags), a fixed cost
    of every request counted apart."""
    return "django_cache" in sql or sql.upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))


def count_queries(api, url: str) -> int:
    """The queries that answer the request, without the throttle's."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return sum(not is_cache_query(query["sql"]) for query in queries.captured_queries)


@pytest.mark.django_db
def test_the_throttle_and_the_data_generation_cost_a_fixed_number_of_queries(api):
    make_cited_world(3)
    api.get("/api/v1/events/")  # the first request draws the data generation
    costs = set()
    for url in [
        "/api/v1/events/?page_size=1",
        "/api/v1/events/?page_size=100",
        "/api/v1/actors/",
        "/api/v1/actors/export.csv",
        f"/api/v1/events/{Event.objects.first().slug}/",
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        costs.add(sum(is_cache_query(query["sql"]) for query in queries.captured_queries))
    if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        expected = 0  # Redis: one round trip, no query
    elif connection.vendor == "sqlite":
        expected = 1  # the count is kept in the process's memory; one read of the data generation
    else:
        # One read of the count and the data generation; the count's write in a savepoint:
        # count the rows (culling), look the key up, write it.
        expected = 6
    assert costs == {expected}


@pytest.mark.slow
@pytest.mark.django_db
def test_query_counts_do_not_grow_with_page_size(api):
    world = make_cited_world(120, citations_per_fact=4)
    details = {
        "conflicts": world["conflicts"][0],
        "combatants": world["combatants"][0],
        "commanders": world["commanders"][0],
        "events": world["events"][0],
        "reactions": world["reactions"][0],
        "demands": world["demands"][0],
        "actors": world["actors"][0],
        "places": world["place"],
        "documents": world["document"],
    }
    measured = {}
    for resource in RESOURCES:
        small = count_queries(api, f"/api/v1/{resource}/?page_size=1")
        large = count_queries(api, f"/api/v1/{resource}/?page_size=100")
        assert small == large, f"{resource}: {small} queries for 1 row, {large} for 100"
        measured[f"{resource}_list"] = large
        measured[f"{resource}_retrieve"] = count_queries(api, f"/api/v1/{resource}/{details[resource].slug}/")
    # Citations are spans, addressed by id: each cited by every fact of the world.
    small = count_queries(api, "/api/v1/citations/?page_size=1")
    large = count_queries(api, "/api/v1/citations/?page_size=100")
    assert small == large, f"citations: {small} queries for 1 row, {large} for 100"
    measured["citations_list"] = large
    measured["citations_retrieve"] = count_queries(api, f"/api/v1/citations/{world['citations'][0].pk}/")
    assert measured == EXPECTED


@pytest.mark.django_db
def test_filters_add_a_fixed_number_of_queries(api):
    world = make_cited_world(30)
    actor = world["actors"][0].slug
    # Validating a slug filter costs one lookup, whatever the page size, the first time in a data
    # generation; then none (project.api.filters.SlugsField).
    one = count_queries(api, f"/api/v1/conflicts/?page_size=1&actor={actor}&q=plot&date_after=2020-01-01")
    many = count_queries(api, f"/api/v1/conflicts/?page_size=100&actor={actor}&q=plot&date_after=2020-01-01")
    assert one == EXPECTED["conflicts_list"] + 1
    assert many == EXPECTED["conflicts_list"]
