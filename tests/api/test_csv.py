"""CSV for every list: one page, flattened, with the next page in the Link header."""

import csv
import io

import pytest

from .conftest import RESOURCES

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_is_csv_by_format_or_accept(api, world, resource):
    by_format = read_csv(api.get(f"/api/v1/{resource}/?format=csv&page_size=500"))
    by_accept = read_csv(api.get(f"/api/v1/{resource}/?page_size=500", HTTP_ACCEPT="text/csv"))
    json_rows = api.get(f"/api/v1/{resource}/?page_size=500").json()["results"]
    assert by_format == by_accept
    assert [row["slug"] for row in by_format] == [row["slug"] for row in json_rows]
    assert all("?" not in row["url"] for row in by_format)  # a record's URL, not a CSV of it


def test_nested_values_are_flattened(api, world):
    rows = read_csv(api.get("/api/v1/events/?format=csv&page_size=500"))
    event = next(e for e in world["events"] if e.slug == rows[0]["slug"])
    row = rows[0]
    assert row["conflict"] == event.conflict.slug
    assert row["place"] == event.place.slug
    assert row["actors"] == ";".join(a.slug for a in event.actors.order_by("slug"))
    assert row["citations"] == ";".join(f"{c.document.slug}[{c.start}:{c.end}]" for c in world["citations"])


def test_csv_pages_link_to_the_next_page(api, world):
    response = api.get("/api/v1/conflicts/?format=csv&page_size=2")
    link = response["Link"]
    assert 'rel="next"' in link and "format=csv" in link
    next_url = link.split(">")[0].lstrip("<")
    assert len(read_csv(api.get(next_url))) == 2


def test_an_empty_csv_still_names_its_columns(api, db):
    header = api.get("/api/v1/events/?format=csv").content.decode().splitlines()[0]
    assert header.startswith("slug,name,url,")


def test_lists_vary_on_accept(api, db):
    # JSON and CSV share a URL: caches must key on Accept.
    assert "Accept" in api.get("/api/v1/events/")["Vary"]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(api, db, text):
    from tests.factories import make_event

    event = make_event(slug="formula", summary=text)
    rows = read_csv(api.get("/api/v1/events/?format=csv"))
    assert rows[0]["summary"] == "'" + text
    assert rows[0]["name"] == "'" + text  # the brief name is the summary too
    assert rows[0]["slug"] == event.slug  # other cells untouched
    assert api.get("/api/v1/events/").json()["results"][0]["summary"] == text  # JSON is not altered
