"""Each list's exports, /api/v1/<resource>/export.csv and export.jsonl: every record the list's
filters select, in its ordering, in one streamed response read in keyset chunks. The JSON list
itself is JSON only, and says where its exports are."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from project.api import exports
from tests.factories import make_event

from .conftest import RESOURCES, walk

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200, response.content
    assert response.streaming  # sent as it is read, never built whole in memory
    return b"".join(response.streaming_content)


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def read_jsonl(response) -> list[bytes]:
    assert response["Content-Type"] == "text/jsonl; charset=utf-8"
    data = body(response)
    assert data == b"" or data.endswith(b"\n")
    return data.splitlines()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 3 records, so the seed-sized world spans several of them."""
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 3)


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_exports_every_record_as_the_list_shows_it(api, world, monkeypatch, resource):
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 1)  # every record a chunk boundary, even in short lists
    pages = walk(api, f"/api/v1/{resource}/?page_size=2")
    assert pages
    lines = read_jsonl(api.get(f"/api/v1/{resource}/export.jsonl"))
    # Each line is the very bytes the JSON list holds for the record.
    assert lines == [JSONRenderer().render(record) for record in pages]
    rows = read_csv(api.get(f"/api/v1/{resource}/export.csv"))
    assert [row["slug"] for row in rows] == [record["slug"] for record in pages]
    assert all("?" not in row["url"] and "export" not in row["url"] for row in rows)  # the record's URL


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_csv_header_is_the_lists_fields(api, world, resource):
    # The header is written before the first row: every row must fit it.
    header = body(api.get(f"/api/v1/{resource}/export.csv")).decode().splitlines()[0].split(",")
    first = json.loads(read_jsonl(api.get(f"/api/v1/{resource}/export.jsonl"))[0])
    assert header == list(first)


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_exports_take_the_lists_filters_and_ordering(api, world, small_chunks, resource):
    query = "ordering=-updated"
    expected = [record["slug"] for record in walk(api, f"/api/v1/{resource}/?{query}&page_size=4")]
    assert [row["slug"] for row in read_csv(api.get(f"/api/v1/{resource}/export.csv?{query}"))] == expected
    lines = read_jsonl(api.get(f"/api/v1/{resource}/export.jsonl?{query}"))
    assert [json.loads(line)["slug"] for line in lines] == expected


def test_a_filter_selects_the_exported_records(api, world):
    expected = [record["slug"] for record in walk(api, "/api/v1/events/?date_after=2024-01-01")]
    assert 0 < len(expected) < len(world["events"])
    assert [
        row["slug"] for row in read_csv(api.get("/api/v1/events/export.csv?date_after=2024-01-01"))
    ] == expected


def test_the_export_reads_one_bounded_chunk_per_query(api, world, small_chunks):
    events = len(walk(api, "/api/v1/events/?page_size=500"))
    with CaptureQueriesContext(connection) as queries:
        lines = read_jsonl(api.get("/api/v1/events/export.jsonl"))
    assert len(lines) == events
    reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "events_event"' in q["sql"].split("WHERE")[0]
    ]
    assert len(reads) == events // 3 + 1  # a chunk of 3 per read, and the short last one
    assert all("LIMIT 3" in sql for sql in reads)


def test_a_record_changed_during_the_export_appears_at_most_once(api, world, small_chunks):
    response = api.get("/api/v1/events/export.jsonl?ordering=slug")
    stream = iter(response.streaming_content)
    first = next(stream).splitlines()
    seen = [json.loads(line)["slug"] for line in first]
    later = [e for e in sorted(world["events"], key=lambda e: e.slug) if e.slug not in seen]
    later[-1].delete()  # not yet reached: left out
    make_event(slug="zzz-added-meanwhile")  # sorts after the position: included
    rest = [json.loads(line)["slug"] for chunk in stream for line in chunk.splitlines()]
    exported = seen + rest
    assert len(exported) == len(set(exported))
    assert later[-1].slug not in exported and exported[-1] == "zzz-added-meanwhile"


@pytest.mark.parametrize("parameter", ["cursor=abc", "page_size=5", "format=csv"])
def test_an_export_has_no_pages_and_its_url_is_its_format(api, world, parameter):
    response = api.get(f"/api/v1/events/export.csv?{parameter}")
    assert response.status_code == 400
    name = parameter.split("=")[0]
    assert response.json()["errors"][name][0].startswith("Unknown query parameter")


def test_an_invalid_filter_is_a_400_before_any_byte_is_streamed(api, world):
    response = api.get("/api/v1/events/export.jsonl?kind=nope")
    assert response.status_code == 400 and not response.streaming
    assert "kind" in response.json()["errors"]


def test_the_json_list_points_export_callers_to_the_exports(api, world):
    by_format = api.get("/api/v1/events/?format=csv&kind=statement&page_size=5")
    assert by_format.status_code == 400 and by_format["Content-Type"] == "application/json"
    # The export's URL keeps the filters and drops what it does not take.
    assert by_format.json()["errors"]["format"][1].endswith(
        "http://testserver/api/v1/events/export.csv?kind=statement"
    )
    jsonl = api.get("/api/v1/events/?format=jsonl").json()["errors"]["format"][1]
    assert jsonl.endswith("http://testserver/api/v1/events/export.jsonl")
    by_accept = api.get("/api/v1/events/", HTTP_ACCEPT="text/csv")
    assert by_accept.status_code == 406
    detail = by_accept.json()["detail"]
    assert "http://testserver/api/v1/events/export.csv (CSV)" in detail
    assert "http://testserver/api/v1/events/export.jsonl (JSON Lines)" in detail


@pytest.mark.parametrize("url", ["/api/v1/events/export.csv", "/api/v1/events/export.jsonl"])
def test_an_export_is_its_own_format_only(api, world, url):
    assert api.get(url, HTTP_ACCEPT="application/json").status_code == 406
    response = api.get(url)
    assert "Accept" in response["Vary"]  # the URL answers 406 or its format by Accept
    filename = url.rsplit("/", 1)[1].replace("export", "events")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_a_head_request_reads_no_records(api, world):
    with CaptureQueriesContext(connection) as queries:
        response = api.head("/api/v1/events/export.csv")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b""
    assert not [q for q in queries.captured_queries if "events_event" in q["sql"]]


def test_nested_values_are_flattened(api, world):
    rows = read_csv(api.get("/api/v1/events/export.csv"))
    event = next(e for e in world["events"] if e.slug == rows[0]["slug"])
    row = rows[0]
    assert row["conflict"] == event.conflict.slug
    assert row["place"] == event.place.slug
    assert row["actors"] == ";".join(a.slug for a in event.actors.order_by("slug"))
    assert row["citations"] == ";".join(f"{c.document.slug}[{c.start}:{c.end}]" for c in world["citations"])


def test_an_empty_export_still_names_its_columns(api, db):
    assert body(api.get("/api/v1/events/export.csv")).decode().startswith("slug,name,url,")
    assert body(api.get("/api/v1/events/export.jsonl")) == b""


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(api, db, text):
    event = make_event(slug="formula", summary=text)
    rows = read_csv(api.get("/api/v1/events/export.csv"))
    assert rows[0]["summary"] == "'" + text
    assert rows[0]["name"] == "'" + text  # the brief name is the summary too
    assert rows[0]["slug"] == event.slug  # other cells untouched
    assert json.loads(read_jsonl(api.get("/api/v1/events/export.jsonl"))[0])["summary"] == text
    assert api.get("/api/v1/events/").json()["results"][0]["summary"] == text  # JSON is not altered
