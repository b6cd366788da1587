"""CSV for every list at /api/v1/<resource>/export.csv: one page, flattened, with the next page
in the Link header. The JSON list itself is JSON only, and says where its CSV is."""

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
def test_every_list_has_a_csv_export_with_the_same_rows(api, world, resource):
    rows = read_csv(api.get(f"/api/v1/{resource}/export.csv?page_size=500"))
    by_accept = read_csv(api.get(f"/api/v1/{resource}/export.csv?page_size=500", HTTP_ACCEPT="text/csv"))
    json_rows = api.get(f"/api/v1/{resource}/?page_size=500").json()["results"]
    assert rows == by_accept
    assert [row["slug"] for row in rows] == [row["slug"] for row in json_rows]
    assert all("?" not in row["url"] and "csv" not in row["url"] for row in rows)  # the record's URL


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_export_takes_the_lists_filters_and_ordering(api, world, resource):
    query = "ordering=-updated&page_size=3"
    rows = read_csv(api.get(f"/api/v1/{resource}/export.csv?{query}"))
    json_rows = api.get(f"/api/v1/{resource}/?{query}").json()["results"]
    assert [row["slug"] for row in rows] == [row["slug"] for row in json_rows]


def test_the_json_list_points_csv_callers_to_the_export(api, world):
    by_format = api.get("/api/v1/events/?format=csv&kind=statement")
    assert by_format.status_code == 400 and by_format["Content-Type"] == "application/json"
    assert (
        "http://testserver/api/v1/events/export.csv?kind=statement" in by_format.json()["errors"]["format"][1]
    )
    by_accept = api.get("/api/v1/events/", HTTP_ACCEPT="text/csv")
    assert by_accept.status_code == 406
    assert by_accept.json()["detail"].endswith("http://testserver/api/v1/events/export.csv")


def test_the_export_is_csv_only(api, world):
    assert api.get("/api/v1/events/export.csv", HTTP_ACCEPT="application/json").status_code == 406
    assert api.get("/api/v1/events/export.csv?format=csv").json()["errors"]["format"][0].startswith("Unknown")


def test_nested_values_are_flattened(api, world):
    rows = read_csv(api.get("/api/v1/events/export.csv?page_size=500"))
    event = next(e for e in world["events"] if e.slug == rows[0]["slug"])
    row = rows[0]
    assert row["conflict"] == event.conflict.slug
    assert row["place"] == event.place.slug
    assert row["actors"] == ";".join(a.slug for a in event.actors.order_by("slug"))
    assert row["citations"] == ";".join(f"{c.document.slug}[{c.start}:{c.end}]" for c in world["citations"])


def test_csv_pages_link_to_the_next_page(api, world):
    response = api.get("/api/v1/conflicts/export.csv?page_size=2")
    link = response["Link"]
    assert 'rel="next"' in link and "/api/v1/conflicts/export.csv?" in link
    next_url = link.split(">")[0].lstrip("<")
    assert len(read_csv(api.get(next_url))) == 2


def test_an_empty_csv_still_names_its_columns(api, db):
    header = api.get("/api/v1/events/export.csv").content.decode().splitlines()[0]
    assert header.startswith("slug,name,url,")


def test_lists_vary_on_accept(api, db):
    # A list answers 406 or JSON by Accept: caches must key on it.
    assert "Accept" in api.get("/api/v1/events/")["Vary"]
    assert "Accept" in api.get("/api/v1/events/export.csv")["Vary"]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(api, db, text):
    from tests.factories import make_event

    event = make_event(slug="formula", summary=text)
    rows = read_csv(api.get("/api/v1/events/export.csv"))
    assert rows[0]["summary"] == "'" + text
    assert rows[0]["name"] == "'" + text  # the brief name is the summary too
    assert rows[0]["slug"] == event.slug  # other cells untouched
    assert api.get("/api/v1/events/").json()["results"][0]["summary"] == text  # JSON is not altered
