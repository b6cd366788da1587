"""`q` through SQLite's FTS5 trigram tables finds exactly what the plain ``LIKE`` path finds.

The trigram tables (migration documents/0005_sqlite_trigram_search) only narrow the rows; the
same answers are checked here with them and without them (``TRIGRAM_TABLES`` emptied), on both
databases, for terms that differ in case, hold wildcards or FTS5 syntax, are too short for a
trigram, are not ASCII or span words.
"""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Citation
from events.models import Event
from project.api import search
from tests.factories import cite, make_document, make_event, make_reaction

from .conftest import walk

pytestmark = pytest.mark.django_db

SUMMARIES = [
    "The PLOT was denied",
    "plotters met at night",
    "Ärger in Köln",
    "ärger in köln",
    "100% of the vote",
    "100 percent",
    "under_score",
    "underXscore",
    'They said "hi" then left',
    "It's a col:umn (NEAR) -x *y ^z",
    "ΣΊΣΥΦΟΣ σίσυφος",
    "Ok",
]
QUOTES = ["Rostov-on-Don plot", "ÄRGER quoted", "50% off", 'a "quoted" quote', "back\\slash"]
TERMS = [
    # case, spanning words
    "plot",
    "PLOT",
    "Plot",
    "plot was",
    "T WAS D",
    "s met at",
    "quoted",
    # LIKE wildcards and its escape character
    "%",
    "0%",
    "100%",
    "% o",
    "_",
    "r_s",
    "under_score",
    "\\",
    "k\\s",
    # quotes
    '"',
    '"hi"',
    'said "hi',
    '""',
    "'",
    "It's",
    # FTS5 query syntax
    "col:umn",
    "(NEAR)",
    "-x",
    "*y",
    "^z",
    "OR",
    "a OR b",
    "plo*",
    # shorter than a trigram
    "a",
    "ok",
    "OK",
    "ä",
    "Är",
    # not ASCII
    "ärger",
    "ÄRGER",
    "Ärger",
    "KÖLN",
    "köln",
    "σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "ger in k",
    # found nowhere, or only in a draft
    "zzz",
    "draft only",
]


@pytest.fixture
def texts(db):
    document = make_document(text=" | ".join(QUOTES))
    quotes = [cite(document, text) for text in QUOTES]
    events = [make_event(summary=summary) for summary in SUMMARIES]
    events[0].citations.add(*quotes[:2])  # a summary and two quotes match "plot": listed once
    events[5].citations.add(*quotes[1:])
    for number, citation in enumerate(quotes):  # the other lists find cited quotes the same way
        make_reaction(summary=f"Reaction {number}").citations.add(citation)
    hidden = make_event(summary="draft only plot Ärger 100%", review_state="draft")
    hidden.citations.add(*quotes)
    return events


def found(api, term: str, resource: str = "events") -> list[str]:
    return [row["slug"] for row in walk(api, f"/api/v1/{resource}/?q={quote(term)}&page_size=5")]


def test_the_trigram_tables_change_no_answer(api, texts, monkeypatch):
    with_index = {term: found(api, term) for term in TERMS}
    reactions = {term: found(api, term, "reactions") for term in TERMS}
    monkeypatch.setattr(search, "TRIGRAM_TABLES", {})
    without = {term: found(api, term) for term in TERMS}
    assert with_index == without
    assert reactions == {term: found(api, term, "reactions") for term in TERMS}
    assert len(reactions["Ärger"]) == 1 and len(reactions["quoted"]) == 2
    # SQLite's LIKE folds ASCII letters only, PostgreSQL's UPPER all of Unicode
    assert reactions["ärger"] == ([] if connection.vendor == "sqlite" else reactions["Ärger"])
    for term, slugs in with_index.items():
        assert len(slugs) == len(set(slugs)), term  # each row once
        assert "draft" not in " ".join(slugs), term
    assert with_index["plot"] == with_index["PLOT"] != []
    assert with_index["draft only"] == with_index["zzz"] == []
    assert len(with_index["100%"]) == 1 and len(with_index["%"]) == 2  # "100%", and "50%" in a quote
    assert len(with_index["under_score"]) == len(with_index['"hi"']) == len(with_index["*y"]) == 1


def ascii_folded(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's LIKE folds ASCII only")
def test_sqlite_folds_ascii_letters_only_as_its_like_does(api, texts):
    """The trigram table folds all of Unicode; `q` keeps LIKE's answer: ``Ä`` does not find ``ä``."""
    for term in TERMS:
        expected = [
            event.slug
            for event in Event.objects.filter(review_state="published").order_by("id")
            if ascii_folded(term) in ascii_folded(event.summary)
            or any(ascii_folded(term) in ascii_folded(c.quote) for c in event.citations.all())
        ]
        assert sorted(found(api, term)) == sorted(expected), term
    assert found(api, "ärger") == [texts[3].slug]  # not "Ärger in Köln"
    assert texts[2].slug in found(api, "ÄRGER") and texts[3].slug not in found(api, "ÄRGER")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_finds_q_through_the_trigram_tables(api, texts):
    with CaptureQueriesContext(connection) as queries:
        assert found(api, "plot")
    sql = next(q["sql"] for q in queries.captured_queries if 'FROM "events_event"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        steps = " | ".join(row[3] for row in cursor.fetchall())
    # One trigram table, over the events' search documents (summary and cited quotes).
    assert "SCAN event_search_fts VIRTUAL TABLE INDEX" in steps, steps
    assert "events_event_citations" not in steps and "documents_citation" not in steps, steps
    # The list still reads its own index in order and stops at a page: no sort of every match.
    assert "SEARCH events_event USING INDEX event_" in steps and "TEMP B-TREE" not in steps, steps
    with CaptureQueriesContext(connection) as queries:
        assert found(api, "ot")  # too short for a trigram: LIKE alone
    assert not any("_fts" in q["sql"] for q in queries.captured_queries)


def fts_rows(table: str, term: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [f'"{term}"'])
        return {row[0] for row in cursor.fetchall()}


def check_integrity() -> None:
    with connection.cursor() as cursor:
        for table in ("event_summary_fts", "citation_quote_fts"):  # the index against its table
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_trigram_tables_follow_inserts_updates_and_deletes(texts):
    event = make_event(summary="a fresh zebra")
    assert fts_rows("event_summary_fts", "ZEBRA") == {event.pk}
    Event.objects.filter(pk=event.pk).update(summary="a fresh giraffe")
    assert fts_rows("event_summary_fts", "zebra") == set()
    assert fts_rows("event_summary_fts", "giraffe") == {event.pk}
    Event.objects.filter(pk=event.pk).update(review_state="draft")  # not the text: no change
    bulk = Event.objects.bulk_create(
        [Event(slug=f"bulk-{n}", summary=f"bulk okapi {n}", review_state="published") for n in range(3)]
    )
    assert fts_rows("event_summary_fts", "okapi") == {row.pk for row in bulk}
    document = make_document(text="A wombat quote.")
    citation = cite(document, "wombat")
    assert fts_rows("citation_quote_fts", "WOMBAT") == {citation.pk}
    check_integrity()
    citation.delete()
    Event.objects.filter(summary__contains="okapi").delete()
    event.delete()
    assert fts_rows("citation_quote_fts", "wombat") == fts_rows("event_summary_fts", "okapi") == set()
    check_integrity()
    Event.objects.all().delete()
    Citation.objects.all().delete()
    assert fts_rows("event_summary_fts", "plot") == fts_rows("citation_quote_fts", "plot") == set()
    check_integrity()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_trigram_tables_have_their_triggers(db):
    """A migration that makes SQLite rebuild a table drops its triggers: this fails until they are back."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        triggers = set(cursor.fetchall())
    for table, fts in [("events_event", "event_summary_fts"), ("documents_citation", "citation_quote_fts")]:
        for event in ("insert", "update", "delete"):
            assert (table, f"{fts}_{event}") in triggers


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_narrows_by_the_terms_rarest_trigram_and_stale_counts_change_no_answer(api, texts):
    """A phrase of all a term's trigrams reads the row list of each, a common one ("eve") nearly
    every row: `q` matches its rarest trigram only, as counted once per process. A count that
    is wrong (stale) only picks another trigram, and every trigram finds all the term's rows."""
    for number in range(6):
        make_event(summary=f"An event of note {number}")
    make_event(summary="An event of note qz9")
    search._counted.clear()
    with CaptureQueriesContext(connection) as queries:
        assert len(found(api, "event of note qz9")) == 1
    matched = [re.search(r"MATCH '\"(.*?)\"'", q["sql"]) for q in queries.captured_queries]
    matched = {match.group(1) for match in matched if match}
    assert len(matched) == 1 and matched <= {"e q", " qz", "qz9"}, matched  # the last event's only
    assert not any("vocabulary" in q["sql"] for q in queries.captured_queries)  # counted apart
    # Whatever the counts say, the answers stay those of LIKE alone.
    expected = {term: found(api, term) for term in TERMS}
    for stale in (0, 10**9):
        for key in list(search._counted):
            search._counted[key] = stale if "q" in key[2] else 10**9 - stale
        assert {term: found(api, term) for term in TERMS} == expected
    search._counted.clear()
