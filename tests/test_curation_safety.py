"""What must never lose a curator's work: cited texts, seed reloads, concurrent saves."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from actors.models import Actor
from documents.models import Citation, Document
from documents.reanchor import ReanchorError, replace_text
from events.models import Conflict, Event
from project.records.base import StaleVersion
from tests.factories import cite, make_document, make_event

pytestmark = pytest.mark.django_db

TEXT = "On 18 September 2024 the plot was announced.\nThree were arrested.\nThe plot was denied.\n"


# --- a cited text never changes under its citations ------------------------------------------


def test_a_cited_documents_text_cannot_change():
    document = make_document(text=TEXT)
    citation = cite(document, "Three were arrested.")
    document.text = TEXT.replace("\n", "\r\n")  # what a browser's textarea sends back
    with pytest.raises(ValidationError, match="1 citation"):
        document.save()
    document.refresh_from_db()
    assert document.text == TEXT
    citation.refresh_from_db()
    assert document.text[citation.start : citation.end] == citation.quote


def test_other_fields_of_a_cited_document_still_save():
    document = make_document(text=TEXT)
    cite(document, "Three were arrested.")
    document.url = "https://example.org/new"
    document.save()
    document.refresh_from_db()
    assert document.url == "https://example.org/new" and document.text == TEXT


def test_an_uncited_documents_text_is_stored_exactly_as_given():
    document = make_document(text=TEXT)
    document.text = TEXT.replace("\n", "\r\n")
    document.save()
    document.refresh_from_db()
    assert document.text == TEXT.replace("\n", "\r\n")


def test_replace_text_moves_every_citation_with_its_quote():
    document = make_document(text=TEXT)
    arrested, denied = cite(document, "Three were arrested."), cite(document, "The plot was denied.")
    new_text = "Reported by a wire service.\r\n" + TEXT.replace("\n", "\r\n")
    moves = replace_text(document, new_text)
    assert len(moves) == 2
    document.refresh_from_db()
    assert document.text == new_text and document.body_end == len(new_text)
    for citation in (arrested, denied):
        citation.refresh_from_db()
        assert new_text[citation.start : citation.end] == citation.quote


def test_replace_text_tells_repeated_quotes_apart_by_their_surroundings():
    text = "Monday: the plot was denied. Tuesday: the plot was denied. Wednesday: nothing."
    document = make_document(text=text)
    start = text.index("the plot was denied", 10)  # Tuesday's
    tuesday = Citation.objects.create(
        document=document, start=start, end=start + 19, quote="the plot was denied"
    )
    new_text = "Sunday: quiet. " + text
    replace_text(document, new_text)
    tuesday.refresh_from_db()
    assert new_text[tuesday.start - 9 : tuesday.start] == "Tuesday: "


def test_replace_text_refuses_naming_each_quote_it_cannot_place_and_writes_nothing():
    document = make_document(text=TEXT)
    arrested = cite(document, "Three were arrested.")
    cite(document, "The plot was denied.")
    with pytest.raises(ReanchorError) as error:
        replace_text(document, "On 18 September 2024 the plot was announced.\nThe plot was denied.\n")
    assert "'Three were arrested.' is not in the new text" in str(error.value)
    assert "1 of 2 quote(s)" in str(error.value)
    document.refresh_from_db()
    arrested.refresh_from_db()
    assert document.text == TEXT and (arrested.start, arrested.end) == (45, 65)


def test_replace_text_refuses_a_quote_it_cannot_tell_apart():
    text = "He said no. She said no."
    document = make_document(text=text)
    Citation.objects.create(document=document, start=8, end=10, quote="no")
    with pytest.raises(ReanchorError, match="occurs 2 times"):
        replace_text(document, "no\nno")


def test_replace_text_command(tmp_path):
    document = make_document(text=TEXT)
    citation = cite(document, "The plot was denied.")
    path = tmp_path / "new.txt"
    path.write_bytes(("Preface.\n" + TEXT).encode())
    out = io.StringIO()
    call_command("replace_text", document.slug, str(path), "--dry-run", stdout=out)
    assert "would move 1 citation" in out.getvalue()
    assert Document.objects.get(pk=document.pk).text == TEXT
    call_command("replace_text", document.slug, str(path), stdout=io.StringIO())
    citation.refresh_from_db()
    assert (citation.start, citation.end) == (TEXT.index("The plot") + 9, TEXT.index("The plot") + 29)
    path.write_bytes(b"Nothing of the sort.")
    with pytest.raises(CommandError, match="is not in the new text"):
        call_command("replace_text", document.slug, str(path))


# --- starting the server never overwrites curated data -----------------------------------------


def test_seeding_again_keeps_a_curators_edit():
    call_command("load_seed", verbosity=0)
    event = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    event.summary = "A curator's better summary."
    event.save()
    call_command("load_seed", verbosity=0)  # what every `make run` does
    event.refresh_from_db()
    assert event.summary == "A curator's better summary."
    assert event.version == 2


def test_seeding_again_does_not_restore_a_deleted_record():
    call_command("load_seed", verbosity=0)
    Event.objects.get(slug="azerbaijan-hosts-putin-in-baku").delete()
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert not Event.objects.filter(slug="azerbaijan-hosts-putin-in-baku").exists()
    assert "added 0 row(s)" in out.getvalue()


def test_seeding_adds_only_the_missing_rows_published_with_history():
    call_command("load_seed", verbosity=0)
    total = Event.objects.count()
    Event.history.all().delete()  # as if this event had never existed
    Event.objects.filter(slug="azerbaijan-hosts-putin-in-baku").delete()
    Event.history.all().delete()
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert "added 1 row(s)" in out.getvalue()
    assert Event.objects.count() == total
    event = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    # Its two citations: the words that name Azerbaijan, and "hosting Vladimir Putin in Baku in August".
    assert event.is_published and event.citations.count() == 2
    [created] = event.history.all()
    assert created.history_type == "+" and created.history_change_reason == "seed data"
    assert created.citations.count() == 2


# --- no lost updates ---------------------------------------------------------------------------


def test_a_save_based_on_an_old_version_is_refused_and_the_first_save_stands():
    event = make_event(summary="first words")
    mine, theirs = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)
    theirs.summary = "their words"
    theirs.save()
    mine.summary = "my words"
    with pytest.raises(StaleVersion, match="changed by someone else since version 1"), transaction.atomic():
        mine.save()
    assert mine.version == 1
    stored = Event.objects.get(pk=event.pk)
    assert stored.summary == "their words" and stored.version == 2


def test_every_save_counts_a_version_and_keeps_history_with_values():
    actor = Actor.objects.create(slug="an-actor", name="An actor")
    actor.name = "A renamed actor"
    actor.save()
    actor.save(update_fields=["name"])
    assert Actor.objects.get(pk=actor.pk).version == 3
    newest, middle, oldest = actor.history.all()
    assert [oldest.history_type, middle.history_type] == ["+", "~"]
    delta = middle.diff_against(oldest)
    changed = {(c.field, c.old, c.new) for c in delta.changes if c.field != "updated"}
    assert changed == {("name", "An actor", "A renamed actor"), ("version", 1, 2)}


def test_a_fact_saved_or_added_by_a_curator_starts_as_a_draft():
    assert Actor.objects.create(slug="fresh", name="Fresh").review_state == "draft"


def test_ingest_creates_drafts_whose_history_says_where_they_came_from(tmp_path):
    from tests.test_ingest import ARTICLE

    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(path), "--kind", "article", stdout=io.StringIO())
    conflict = Conflict.objects.get(name__startswith="2031 Ruritanian")
    for record in [conflict, *conflict.combatants.all(), *Document.objects.all(), *Actor.objects.all()]:
        assert record.review_state == "draft", record
    created = conflict.history.earliest("history_date")
    assert created.history_type == "+" and created.history_change_reason == "ingest (encyclopedia_article)"
