"""Each event's search document (events/migrations/0008_event_search_document.py): the events'
`q` finds through it exactly what it found by asking the summaries and the cited quotes one by
one, and the database keeps it current on every path that writes an event's summary, its
citation links or a citation's quote."""

import io
import random
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documents.models import Citation
from documents.reanchor import replace_text
from events import search
from events.filtersets import event_document_matches, event_parts_match
from events.models import Event
from project.synth import synthesize
from tests.admin.browser import errors_in, form_data, inline_prefix
from tests.factories import cite, empty_database, make_document, make_event

from .conftest import walk
from .test_search_index import QUOTES, SUMMARIES, TERMS

pytestmark = pytest.mark.django_db

SEP = search.SEPARATOR


def stored() -> dict[int, tuple[str, list[str]]]:
    """The search documents, by event id: (summary part, sorted quote parts)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {search.COLUMN} FROM events_event")
        rows = cursor.fetchall()
    return {key: (text.split(SEP)[0], sorted(text.split(SEP)[1:])) for key, text in rows}


def expected() -> dict[int, tuple[str, list[str]]]:
    """What the documents should hold, read from the events and their citations."""
    return {
        event.pk: (event.summary, sorted(c.quote for c in event.citations.all()))
        for event in Event.objects.prefetch_related("citations")
    }


def assert_current() -> None:
    assert stored() == expected()
    if connection.vendor == "sqlite":  # the trigram table against the documents it indexes
        with connection.cursor() as cursor:
            fts = search.FTS_TABLE
            cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")


def answers(text: str, condition) -> list[int]:
    return sorted(Event.objects.filter(condition(text)).values_list("pk", flat=True))


def assert_same_answers(terms) -> None:
    """For terms without the separator (the filter searches the others part by part)."""
    for term in terms:
        if SEP in term:
            continue
        assert answers(term, event_document_matches) == answers(term, event_parts_match), repr(term)


@pytest.fixture
def texts(db):
    document = make_document(text=" | ".join(QUOTES))
    quotes = [cite(document, text) for text in QUOTES]
    events = [make_event(summary=summary) for summary in SUMMARIES]
    events[0].citations.add(*quotes[:2])
    events[5].citations.add(*quotes[1:])
    make_event(summary="draft only plot Ärger 100%", review_state="draft").citations.add(*quotes)
    return events


# Terms that would match across the parts if they were joined without a separator, or joined
# by a space or a newline; and the separator itself, alone or inside a term.
SPANNING = [
    "deniedRostov",
    "denied Rostov",
    "denied\nRostov",
    f"denied{SEP}Rostov",
    f"plot{SEP}ÄRGER",
    SEP,
    "plotÄRGER",
    "percentÄRGER",
    "percent50%",
    "quoteback",
]


def test_the_document_finds_what_the_parts_find(texts):
    assert_current()
    assert_same_answers([*TERMS, *SPANNING])
    assert answers("plot", event_document_matches) == answers("plot", event_parts_match) != []
    # Why a term holding the separator is searched part by part: the document would find it
    # where a summary ends and a quote starts.
    assert answers(f"denied{SEP}Rostov", event_document_matches) == [texts[0].pk]
    assert answers(f"denied{SEP}Rostov", event_parts_match) == []


def test_the_api_answers_as_the_parts_do_including_the_separator(api, texts):
    for term in ["plot", "ÄRGER", "%", "_", '"hi"', SEP, f"denied{SEP}Rostov", "deniedRostov"]:
        rows = walk(api, f"/api/v1/events/?q={quote(term)}&page_size=5")
        parts = Event.objects.filter(event_parts_match(term), review_state="published")
        assert sorted(row["slug"] for row in rows) == sorted(parts.values_list("slug", flat=True)), term
    assert walk(api, f"/api/v1/events/?q={quote(SEP)}") == []


def test_synthetic_data_gives_the_same_answers_for_many_terms(db):
    synthesize(600, seed=5)
    assert_current()
    pick = random.Random(7)
    events = list(Event.objects.prefetch_related("citations").order_by("pk"))
    terms = ["event 1", "vent 12", "EVENT 3", "event%", "ev_nt", "e", "zz"]
    for event in pick.sample(events, 40):
        quotes = [c.quote for c in event.citations.all()]
        parts = [event.summary, *quotes]
        text = pick.choice(parts)
        start = pick.randrange(max(1, len(text) - 8))
        terms.append(text[start : start + pick.randint(1, 12)].upper())
        if quotes:  # the end of one part and the start of the next, with and without a separator
            terms += [event.summary[-4:] + quotes[0][:4], event.summary[-4:] + SEP + quotes[0][:4]]
    assert_same_answers(terms)
    assert sum(bool(answers(term, event_document_matches)) for term in terms) > len(terms) // 2


# --- kept current on every write path ---------------------------------------------------------


def test_saves_links_quotes_and_deletes_keep_the_documents_current(texts):
    document = make_document(text="A wombat met an okapi. The zebra left.")
    wombat, zebra = cite(document, "A wombat met an okapi."), cite(document, "The zebra left.")
    event = make_event(summary="first words")
    assert_current()
    event.summary = "second words"
    event.save()
    assert_current()
    event.citations.add(wombat, zebra)
    assert_current()
    assert answers("okapi", event_document_matches) == [event.pk]
    event.citations.remove(wombat)
    assert answers("okapi", event_document_matches) == []
    zebra.events.add(texts[1])  # from the citation's side
    assert_current()
    event.citations.set([wombat])
    assert_current()
    Citation.objects.filter(pk=wombat.pk).update(quote="A WOMBAT met")  # a quote's words, by SQL
    assert_current()
    event.citations.clear()
    assert_current()
    Event.objects.filter(pk=texts[2].pk).update(summary="changed by an update")
    Event.objects.filter(pk=texts[3].pk).update(review_state="draft")  # not the summary
    assert_current()
    links = Event.citations.through
    bulk = Event.objects.bulk_create([Event(slug=f"bulk-{n}", summary=f"bulk {n}") for n in range(3)])
    links.objects.bulk_create([links(event_id=row.pk, citation_id=zebra.pk) for row in bulk])
    assert_current()
    assert answers("zebra", event_document_matches) == sorted([texts[1].pk, *(row.pk for row in bulk)])
    texts[1].delete()
    zebra.events.clear()
    zebra.delete()
    Event.objects.filter(slug__startswith="bulk-").delete()
    assert_current()
    Event.objects.all().delete()
    assert stored() == {} == expected()


def test_replace_text_keeps_the_documents_current(texts):
    document = make_document(text="Three were arrested.\nThe plot was denied.\n")
    arrested = cite(document, "Three were arrested.")
    texts[4].citations.add(arrested)
    replace_text(document, "Reported:\r\nThree were arrested.\r\nThe plot was denied.\r\n")
    assert_current()
    assert answers("Three were", event_document_matches) == [texts[4].pk]


def client_for_curation():
    user = User.objects.create_superuser("searcher", "searcher@example.org", "x")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_api_writes_keep_the_documents_current(texts):
    make_document(slug="report", text="On the day the plot was announced. Three were arrested.")
    curator = client_for_curation()
    created = curator.post(
        "/api/v1/events/",
        {
            "slug": "new",
            "summary": "fresh words",
            "citations": [{"document": "report", "quote": "Three were"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert_current()
    new = Event.objects.get(slug="new")
    assert answers("three WERE", event_document_matches) == [new.pk]
    tag = curator.get("/api/v1/events/new/")["ETag"]
    changed = curator.patch(
        "/api/v1/events/new/",
        {"summary": "other words", "citations": [{"document": "report", "quote": "plot was announced"}]},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert changed.status_code == 200, changed.content
    assert_current()
    assert answers("three were", event_document_matches) == []
    assert new.pk in answers("plot was ann", event_document_matches)


def test_the_admins_citation_inline_keeps_the_documents_current(client, admin_user, texts):
    client.force_login(admin_user)
    document = make_document(text="Three were arrested. The plot was denied.")
    event = texts[6]
    event.citations.add(cite(document, "The plot was denied."))  # a published fact keeps one
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(client.get(url))
    prefix = inline_prefix(data, "Event_citations")
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    data[f"{prefix}-{row}-document"] = str(document.pk)
    data[f"{prefix}-{row}-quote"] = "Three were arrested."
    data[f"{prefix}-{row}-hint"] = ""
    data["summary"] = "edited in the admin"
    response = client.post(url, data)
    assert response.status_code == 302, errors_in(response)
    assert_current()
    assert answers("three were arrested", event_document_matches) == [event.pk]
    assert answers("edited in the", event_document_matches) == [event.pk]
    data = form_data(client.get(url))
    rows = {data[f"{prefix}-{i}-id"]: i for i in range(int(data[f"{prefix}-INITIAL_FORMS"]))}
    link = Event.citations.through.objects.get(event=event, citation__quote="Three were arrested.")
    data[f"{prefix}-{rows[str(link.pk)]}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, errors_in(response)
    assert_current()
    assert answers("three were arrested", event_document_matches) == []


def test_restore_rebuilds_the_documents(tmp_path):
    call_command("load_seed", verbosity=0)
    before = {
        event.slug: doc for event_id, doc in stored().items() for event in [Event.objects.get(pk=event_id)]
    }
    assert before and any(quotes for _, quotes in before.values())
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=io.StringIO())
    empty_database()
    assert stored() == {}
    call_command("restore", str(path), stdout=io.StringIO())
    assert_current()
    after = {Event.objects.get(pk=event_id).slug: doc for event_id, doc in stored().items()}
    assert after == before


def test_a_q_page_runs_as_many_queries_as_a_page_without_q(api, texts):
    with CaptureQueriesContext(connection) as plain:
        assert api.get("/api/v1/events/").status_code == 200
    with CaptureQueriesContext(connection) as searched:
        assert api.get("/api/v1/events/?q=plot").json()["results"]
    assert len(searched.captured_queries) == len(plain.captured_queries)
    [page] = [
        q["sql"]
        for q in searched.captured_queries
        if 'FROM "events_event"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert search.COLUMN in page and "events_event_citations" not in page


# --- the triggers are there -------------------------------------------------------------------

TRIGGERS = {
    "sqlite": {
        ("events_event", "event_search_event_insert"),
        ("events_event", "event_search_summary_update"),
        ("events_event", f"{search.FTS_TABLE}_delete"),
        ("events_event", f"{search.FTS_TABLE}_update"),
        ("events_event_citations", "event_search_link_insert"),
        ("events_event_citations", "event_search_link_delete"),
        ("events_event_citations", "event_search_link_update"),
        ("documents_citation", "event_search_quote_update"),
    },
    "postgresql": {
        ("events_event", "event_search_event_insert"),
        ("events_event", "event_search_summary_update"),
        ("events_event_citations", "event_search_link_insert"),
        ("events_event_citations", "event_search_link_delete"),
        ("events_event_citations", "event_search_link_update"),
        ("events_event_citations", "event_search_link_truncate"),
        ("documents_citation", "event_search_quote_update"),
    },
}


def test_the_search_documents_have_their_column_and_triggers(db):
    """A migration that makes SQLite rebuild one of these tables drops its triggers (and the
    events' table the column, which is not a model field): this fails until they are back."""
    with connection.cursor() as cursor:
        columns = [
            column.name for column in connection.introspection.get_table_description(cursor, "events_event")
        ]
    assert search.COLUMN in columns
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        triggers = set(cursor.fetchall())
    assert TRIGGERS[connection.vendor] <= triggers
