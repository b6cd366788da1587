"""Keyset pagination: every list can be walked to its end, in every ordering, both ways."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from project.api.pagination import MAX_PAGE_SIZE

from .conftest import RESOURCES, walk

pytestmark = pytest.mark.django_db


def orderings(api, resource: str) -> list[str]:
    """The orderings a resource documents (read from the filter, as the schema is)."""
    from django.urls import resolve

    view = resolve(f"/api/v1/{resource}/").func.cls
    return [value for value, _ in view.filterset_class.base_filters["ordering"].extra["choices"]]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_ordering_walks_every_row_once_forward_and_back(api, world, resource):
    model = RESOURCES[resource]
    for ordering in orderings(api, resource):
        rows = walk(api, f"/api/v1/{resource}/?page_size=3&ordering={ordering}")
        slugs = [row["slug"] for row in rows]
        assert len(slugs) == len(set(slugs)) == model.objects.count(), ordering

        # Walk back from the last page with the `previous` links: the same rows, reversed.
        url, back = f"/api/v1/{resource}/?page_size=3&ordering={ordering}", []
        while True:
            page = api.get(url).json()
            if page["next"] is None:
                break
            url = page["next"]
        back = [row["slug"] for row in page["results"]]
        while page["previous"]:
            page = api.get(page["previous"]).json()
            back = [row["slug"] for row in page["results"]] + back
        assert back == slugs, ordering


def test_date_ordering_puts_undated_rows_last_both_ways(api, world):
    for ordering in ["date", "-date"]:
        rows = walk(api, f"/api/v1/events/?page_size=2&ordering={ordering}")
        undated = [row["date"] == "" for row in rows]
        assert any(undated)
        assert undated == sorted(undated), f"{ordering}: undated rows must come last"
        keys = [row["date_earliest"] or row["date_latest"] for row in rows if row["date"]]
        assert keys == sorted(keys, reverse=ordering.startswith("-"))


def test_ordering_by_name_is_by_name_then_slug(api, world):
    rows = walk(api, "/api/v1/actors/?ordering=-name&page_size=4")
    assert [(r["name"], r["slug"]) for r in rows] == sorted(
        ((r["name"], r["slug"]) for r in rows), reverse=True
    )


def test_a_deep_page_costs_what_the_first_costs(api, world):
    first = api.get("/api/v1/events/?page_size=1")
    url = first.json()["next"]
    for _ in range(5):
        url = api.get(url).json()["next"]
    with CaptureQueriesContext(connection) as deep:
        assert api.get(url).status_code == 200
    with CaptureQueriesContext(connection) as shallow:
        api.get("/api/v1/events/?page_size=1")
    assert len(deep) == len(shallow)
    assert not any("OFFSET" in query["sql"].upper() for query in deep.captured_queries)


def test_first_page_has_no_previous_and_last_page_no_next(api, world):
    page = api.get("/api/v1/conflicts/?page_size=500").json()
    assert page["previous"] is None and page["next"] is None
    assert page["previous_cursor"] is None and page["next_cursor"] is None
    assert set(page) == {"next", "previous", "next_cursor", "previous_cursor", "results"}


def test_each_cursor_field_is_the_cursor_its_link_carries(api, world):
    # A client passes `next_cursor` as `cursor` with its own filters: the same page as the link.
    query = "/api/v1/events/?page_size=2&ordering=-date"
    first = api.get(query).json()
    assert first["next_cursor"] and first["previous_cursor"] is None
    assert parse_qs(urlparse(first["next"]).query)["cursor"] == [first["next_cursor"]]
    second = api.get(f"{query}&cursor={first['next_cursor']}").json()
    assert second == api.get(first["next"]).json()
    assert parse_qs(urlparse(second["previous"]).query)["cursor"] == [second["previous_cursor"]]
    back = api.get(f"{query}&cursor={second['previous_cursor']}").json()
    assert back["results"] == first["results"]


@pytest.mark.parametrize("size", ["0", str(MAX_PAGE_SIZE + 1), "ten", "-1", "1.5"])
def test_page_size_out_of_range_is_a_400_naming_it(api, size):
    response = api.get(f"/api/v1/events/?page_size={size}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


def test_page_size_bounds_are_accepted(api, world):
    assert len(api.get("/api/v1/actors/?page_size=1").json()["results"]) == 1
    assert api.get(f"/api/v1/actors/?page_size={MAX_PAGE_SIZE}").status_code == 200


def test_default_page_size_is_50(api, db):
    from tests.factories import make_place

    for _ in range(51):
        make_place()
    page = api.get("/api/v1/places/").json()
    assert len(page["results"]) == 50 and page["next"]


@pytest.mark.parametrize("cursor", ["abc", "eyJ2IjpbXX0", "%%%"])
def test_a_forged_cursor_is_a_400_naming_it(api, world, cursor):
    response = api.get(f"/api/v1/events/?cursor={cursor}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_a_cursor_of_another_ordering_is_a_400(api, world):
    next_url = api.get("/api/v1/events/?page_size=1&ordering=date").json()["next"]
    response = api.get(next_url.replace("ordering=date", "ordering=-updated"))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_a_cursor_with_a_malformed_value_is_a_400_not_a_500(api, world):
    import base64
    import json

    forged = {"v": ["not-a-date", "x"], "b": 0, "o": "sort_date,slug"}
    cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    response = api.get(f"/api/v1/events/?cursor={cursor}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]
