"""The lists' queries are index ranges, not sorts of the whole table (checked on the query plan).

Timings are not asserted here (they depend on the machine; see docs/design/scale.md and
``manage.py measure_api``); the plan is what makes a page cost the same at any depth. Enough
synthetic rows are written, and the planner's statistics refreshed, for PostgreSQL to prefer an
index the way it does on a full table.
"""

import json

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from documents.citing import publicly_cited
from documents.models import Citation
from events.models import Conflict, Event
from project.api.pagination import KeysetPagination
from project.records.dates import DATE_SORT_KEYS
from project.synth import synthesize

pytestmark = pytest.mark.django_db

ROWS = 10_000


def list_query(api, url: str) -> str:
    """The SQL of the page query a list request runs (the one reading events in order)."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    pages = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "events_event"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert len(pages) == 1, [q["sql"][:200] for q in queries.captured_queries]
    return pages[0]


def cursor_at(fraction: float, key: str = "sort_date", descending: bool = False) -> str:
    """A `next` cursor pointing at the row ``fraction`` of the way down the date-ordered list."""
    ordered = (
        Event.objects.filter(review_state="published")
        .annotate(**{key: DATE_SORT_KEYS[key]})
        .order_by(*([f"-{key}", "-slug"] if descending else [key, "slug"]))
    )
    row = ordered[int(ROWS * fraction)]
    paginator = KeysetPagination()
    paginator.resource = "event"  # a cursor names the list that issued it
    return paginator.encode_cursor(row, [(key, descending), ("slug", descending)], False)


def urls() -> dict[str, str]:
    conflict = Conflict.objects.order_by("slug").first().slug
    return {
        "first page": "/api/v1/events/",
        "first page, -date": "/api/v1/events/?ordering=-date",
        "page at 90%": f"/api/v1/events/?cursor={cursor_at(0.9)}",
        "page at 90%, -date": f"/api/v1/events/?ordering=-date&cursor={cursor_at(0.9, 'sort_date_desc', True)}",
        "date overlap": "/api/v1/events/?date_before=2000-01-01",
        "conflict": f"/api/v1/events/?conflict={conflict}",
    }


@pytest.fixture
def many_events(db):
    synthesize(ROWS, seed=11)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN (FORMAT JSON) is PostgreSQL's")
def test_postgresql_reads_every_list_page_from_an_index_without_sorting(api, many_events):
    for name, url in urls().items():
        sql = list_query(api, url)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
        plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
        nodes = list(plan_nodes(plan))
        scans = [n for n in nodes if n.get("Relation Name") == "events_event"]
        assert scans and all(n["Node Type"] in {"Index Scan", "Index Only Scan"} for n in scans), (name, raw)
        assert all(n["Index Name"].startswith("event_") for n in scans), (name, raw)
        assert not any("Sort" in n["Node Type"] for n in nodes), (name, raw)
        if "cursor=" in url:  # the keyset condition is a seek: the sort keys compared as one row
            assert any("ROW(" in n.get("Index Cond", "") for n in scans), (name, raw)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_sqlite_reads_every_list_page_from_an_index_without_sorting(api, many_events):
    for name, url in urls().items():
        sql = list_query(api, url)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            steps = [row[3] for row in cursor.fetchall()]
        event_steps = [step for step in steps if " events_event " in f"{step} "]
        assert event_steps and all("USING INDEX event_" in step for step in event_steps), (name, steps)
        assert not any("TEMP B-TREE" in step for step in steps), (name, steps)
        if "cursor=" in url:  # the keyset condition starts the index range at the cursor
            assert any("<expr>>?" in step or "<expr><?" in step for step in event_steps), (name, steps)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_can_find_q_through_the_trigram_indexes(many_events):
    """`q` compiles to ``icontains``; the trigram indexes are on exactly those expressions, so
    PostgreSQL can read matching quotes and summaries from them (forced here: at 10,000 rows a
    scan is cheaper; at a million the planner picks the index by itself, docs/design/scale.md)."""
    for queryset, index in [
        (Citation.objects.filter(quote__icontains="event 12"), "citation_quote_trgm"),
        (Event.objects.filter(summary__icontains="event 12"), "event_summary_trgm"),
    ]:
        sql, params = queryset.order_by().values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")  # left: bitmap scans on a condition
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            raw = cursor.fetchone()[0]
        nodes = list(plan_nodes((json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]))
        assert index in {n.get("Index Name") for n in nodes}, raw


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_finds_the_events_q_through_the_search_documents_index(api, many_events):
    """The events' `q` reads one column through one index (events/migrations/0008): for a rare
    term, a bitmap scan of the documents' trigram index, and neither the citations nor their
    links to events. Table scans are made costly as above (at 10,000 rows reading the table is
    cheaper; at a million the planner picks the index by itself, docs/design/scale.md). A common
    term may instead walk the list's date index, testing each row, and stop at a page."""
    sql = list_query(api, "/api/v1/events/?q=event%201234")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = explain(sql)
    nodes = list(plan_nodes(plan))
    assert any(
        n["Node Type"] == "Bitmap Index Scan" and n["Index Name"] == "event_search_trgm" for n in nodes
    ), plan
    assert not {n.get("Relation Name") for n in nodes} & {"events_event_citations", "documents_citation"}, (
        plan
    )
    assert not any(n["Node Type"] == "Seq Scan" and n["Relation Name"] == "events_event" for n in nodes), plan


def test_q_stays_a_case_insensitive_substring_search_with_literal_wildcards(api, many_events):
    """The same answers on both databases, index or not: any case, inside words, % and _ literal."""
    lower = api.get("/api/v1/events/?q=vent%2012&page_size=500").json()["results"]
    upper = api.get("/api/v1/events/?q=VENT%2012&page_size=500").json()["results"]
    assert lower and lower == upper
    assert all("event 12" in row["summary"] or "event 12" in str(row["citations"]) for row in lower)
    assert len({row["slug"] for row in lower}) == len(lower)  # each row once
    assert api.get("/api/v1/events/?q=event%25").json()["results"] == []
    assert api.get("/api/v1/events/?q=ev_nt").json()["results"] == []


def citation_urls() -> dict[str, str]:
    """The citations list's pages: first, deep (a cursor at 90%), by document, and reversed."""
    public = Citation.objects.filter(publicly_cited()).annotate(sort_document=F("document_id"))
    ordered = public.order_by("sort_document", "start", "end")
    row = ordered[int(ordered.count() * 0.9)]
    paginator = KeysetPagination()
    paginator.resource = "citation"
    keys = [("sort_document", False), ("start", False), ("end", False)]
    document = Citation.objects.order_by("-document_id").first().document.slug
    return {
        "first page": "/api/v1/citations/",
        "page at 90%": f"/api/v1/citations/?cursor={paginator.encode_cursor(row, keys, False)}",
        "-position": "/api/v1/citations/?ordering=-position",
        "document": f"/api/v1/citations/?document={document}",
    }


def citation_page_query(api, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200 and response.json()["results"], response.content
    pages = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "documents_citation"')]
    assert len(pages) == 1, [q["sql"][:200] for q in queries.captured_queries]
    return pages[0]


def span_index() -> str:
    """The name of the index on (document_id, start, end), the unique span's. SQLite names it
    itself (``sqlite_autoindex_...``) when the table was made with the constraint inline."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA index_list(documents_citation)")
            names = [row[1] for row in cursor.fetchall()]
            columns = {}
            for name in names:
                cursor.execute(f"PRAGMA index_info({name})")
                columns[name] = [row[2] for row in cursor.fetchall()]
        else:
            found = connection.introspection.get_constraints(cursor, "documents_citation")
            columns = {
                name: about["columns"] for name, about in found.items() if about["index"] or about["unique"]
            }
    [name] = [name for name, names in columns.items() if names == ["document_id", "start", "end"]]
    return name


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_sqlite_reads_every_citations_page_from_the_span_index_without_sorting(api, many_events):
    index = span_index()
    for name, url in citation_urls().items():
        sql = citation_page_query(api, url)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            steps = [row[3] for row in cursor.fetchall()]
        citation_steps = [step for step in steps if " documents_citation " in f"{step} "]
        assert citation_steps and all(f"USING INDEX {index}" in s for s in citation_steps), (
            name,
            steps,
        )
        assert not any("TEMP B-TREE" in step for step in steps), (name, steps)
        # Each EXISTS (a published record cites it) is an index lookup in its through table.
        assert not any(step.startswith("SCAN") and "_citations" in step for step in steps), (name, steps)


def sorted_relations(plan: dict) -> set[str]:
    """The tables whose rows a Sort (or Incremental Sort) node of ``plan`` sorts."""
    found = set()
    if "Sort" in plan["Node Type"]:
        found |= {n["Relation Name"] for n in plan_nodes(plan) if "Relation Name" in n}
    for child in plan.get("Plans", []):
        found |= sorted_relations(child)
    return found


def explain(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN (FORMAT JSON) is PostgreSQL's")
def test_postgresql_reads_every_citations_page_from_the_span_index_without_sorting(api, many_events):
    """The span index serves each page's order, so no page sorts its citations. Sorting is made
    costly for the plan (a sort still appears where nothing else gives the order), and a sort of
    the few documents a merge join reads beside the page is not the page's: in CI's full run, at
    10,000 rows, PostgreSQL chose such plans, which say nothing of whether the index gives the
    order (not reproduced in a run of this file alone)."""
    index = span_index()
    for name, url in citation_urls().items():
        sql = citation_page_query(api, url)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_incremental_sort = off")
        plan = explain(sql)
        scans = [n for n in plan_nodes(plan) if n.get("Relation Name") == "documents_citation"]
        assert scans and all(n["Node Type"] in {"Index Scan", "Index Only Scan"} for n in scans), (name, plan)
        assert all(n["Index Name"] == index for n in scans), (name, plan)
        assert "documents_citation" not in sorted_relations(plan), (name, plan)
    # The check itself: a page in an order no index gives is a sort of the citations.
    plan = explain("SELECT * FROM documents_citation ORDER BY quote LIMIT 50")
    assert "documents_citation" in sorted_relations(plan), plan
