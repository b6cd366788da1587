"""Every cited fact's page edits its citations inline, by their words: never ids, never typed offsets."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from documents.models import Citation
from tests.factories import (
    cite,
    make_combatant,
    make_commander,
    make_conflict,
    make_demand,
    make_document,
    make_event,
    make_reaction,
)

from .browser import errors_in, form_data, inline_prefix

pytestmark = pytest.mark.django_db

TEXT = (
    "On 18 September 2024 the plot was announced.\n"
    "The plot, officials said, was financed from abroad. Three were arrested.\n"
    "Critics said the plot was invented; the plot was, they said, a pretext."
)


def make_loss(**fields):
    conflict = make_conflict()
    return conflict.losses.create(slug="loss-1", side=1, description="Arrests", **fields)


FACTS = {
    "conflict": make_conflict,
    "combatant": make_combatant,
    "commander": make_commander,
    "loss": make_loss,
    "event": make_event,
    "reaction": make_reaction,
    "demand": make_demand,
}


def change_url(fact):
    return reverse(f"admin:{fact._meta.app_label}_{fact._meta.model_name}_change", args=[fact.pk])


def open_page(curator, fact):
    page = curator.get(change_url(fact))
    data = form_data(page)
    prefix = inline_prefix(data, f"{type(fact).__name__}_citations")
    return page, data, prefix


def fill_new_row(data, prefix, document, quote, hint=""):
    """Type into the blank row the page offers (a browser sends its empty fields too)."""
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    assert f"{prefix}-{row}-quote" in data, "the page offers no blank citation row"
    data[f"{prefix}-{row}-document"] = str(document.pk)
    data[f"{prefix}-{row}-quote"] = quote
    data[f"{prefix}-{row}-hint"] = hint
    return row


@pytest.fixture
def document():
    return make_document(text=TEXT, title="Report <of> the plot")


@pytest.mark.parametrize("kind", FACTS)
def test_a_fact_shows_its_citations_by_their_words_and_adds_one_by_pasting_words(curator, document, kind):
    fact = FACTS[kind]()
    kept = cite(document, "On 18 September 2024 the plot was announced.")
    fact.citations.add(kept)

    page, data, prefix = open_page(curator, fact)
    html = page.content.decode()
    assert "<q>On 18 September 2024 the plot was announced.</q>" in html
    assert "Report &lt;of&gt; the plot" in html and "[0:44]" in html
    assert 'name="citations"' not in html and "vManyToManyRawIdAdminField" not in html
    assert reverse("admin:documents_citation_context", args=[kept.pk]) in html

    fill_new_row(data, prefix, document, "Three were arrested.")
    response = curator.post(change_url(fact), data)

    assert response.status_code == 302, errors_in(response)
    added = fact.citations.exclude(pk=kept.pk).get()
    assert (added.document, added.quote) == (document, "Three were arrested.")
    assert document.text[added.start : added.end] == added.quote
    assert set(fact.citations.all()) == {kept, added}


def test_the_same_words_cited_by_another_fact_reuse_their_citation(curator, document):
    shared = cite(document, "Three were arrested.")
    make_event().citations.add(shared)
    event = make_event()
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "Three were arrested.")

    assert curator.post(change_url(event), data).status_code == 302
    assert list(event.citations.all()) == [shared]
    assert Citation.objects.count() == 1


def test_words_absent_from_the_document_are_refused(curator, document):
    event = make_event()
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "Four were arrested.")

    response = curator.post(change_url(event), data)

    assert response.status_code == 200
    assert any("not in the document “Report <of> the plot”" in e for e in errors_in(response))
    assert not event.citations.exists() and not Citation.objects.exists()


def test_words_found_several_times_are_refused_saying_how_many_times(curator, document):
    event = make_event()
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "the plot was")

    response = curator.post(change_url(event), data)

    assert response.status_code == 200
    assert any("occur 3 times" in e for e in errors_in(response)), errors_in(response)
    assert not event.citations.exists()


@pytest.mark.parametrize(
    ("hint", "expected_start"),
    [("2", TEXT.index("the plot was", 30)), ("Critics said", TEXT.index("Critics said the plot") + 13)],
    ids=["occurrence-number", "words-before"],
)
def test_a_hint_picks_one_of_several_occurrences(curator, document, hint, expected_start):
    event = make_event()
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "the plot was", hint=hint)

    response = curator.post(change_url(event), data)

    assert response.status_code == 302, errors_in(response)
    citation = event.citations.get()
    assert (citation.start, citation.end) == (expected_start, expected_start + len("the plot was"))


@pytest.mark.parametrize(
    ("hint", "message"),
    [("4", "occurrence 4 does not exist"), ("Nobody said", "None of the 3 occurrences")],
)
def test_a_hint_that_picks_none_is_refused(curator, document, hint, message):
    event = make_event()
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "the plot was", hint=hint)
    response = curator.post(change_url(event), data)
    assert response.status_code == 200
    assert any(message in e for e in errors_in(response)), errors_in(response)
    assert not event.citations.exists()


def test_words_pasted_across_a_line_break_are_found(curator, document):
    """A browser sends the pasted line break as CRLF; the document has LF."""
    event = make_event()
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "announced.\r\nThe plot,")

    assert curator.post(change_url(event), data).status_code == 302
    assert event.citations.get().quote == "announced.\nThe plot,"


def test_citing_the_same_words_twice_is_refused(curator, document):
    event = make_event()
    event.citations.add(cite(document, "Three were arrested."))
    _, data, prefix = open_page(curator, event)
    fill_new_row(data, prefix, document, "Three were arrested.")

    response = curator.post(change_url(event), data)

    assert response.status_code == 200
    assert any("already cites these words" in e for e in errors_in(response))
    assert event.citations.count() == 1


def test_saving_unchanged_keeps_every_citation_and_delete_removes_only_the_link(curator, document):
    reaction = make_reaction(summary="A reaction.")
    first, second = cite(document, "Three were arrested."), cite(document, "a pretext")
    reaction.citations.add(first, second)
    _, data, prefix = open_page(curator, reaction)
    assert curator.post(change_url(reaction), data).status_code == 302
    assert set(reaction.citations.all()) == {first, second}

    _, data, prefix = open_page(curator, reaction)
    rows = {data[f"{prefix}-{i}-id"]: i for i in range(int(data[f"{prefix}-INITIAL_FORMS"]))}
    through = type(reaction).citations.through.objects.get(reaction=reaction, citation=second)
    data[f"{prefix}-{rows[str(through.pk)]}-DELETE"] = "on"
    assert curator.post(change_url(reaction), data).status_code == 302
    assert list(reaction.citations.all()) == [first]
    assert Citation.objects.filter(pk=second.pk).exists()


def test_a_conflicts_loss_rows_show_their_cited_words_and_link_to_the_loss(curator, document):
    """Losses are edited inline on their conflict; their citations are edited on the loss's own page."""
    loss = make_loss()
    loss.citations.add(cite(document, "Three were arrested."))
    page, data, _ = open_page(curator, loss.conflict)
    html = page.content.decode()
    assert "“Three were arrested.”" in html
    assert change_url(loss) in html
    assert not any(name.startswith("losses-") and name.endswith("-citations") for name in data)

    assert curator.post(change_url(loss.conflict), data).status_code == 302
    assert loss.citations.get().quote == "Three were arrested."


def test_the_document_chooser_finds_a_document_by_its_title(curator, document):
    make_document(text="Another text.", title="Unrelated")
    response = curator.get(
        reverse("admin:autocomplete"),
        {"app_label": "documents", "model_name": "citation", "field_name": "document", "term": "<of>"},
    )
    assert response.json()["results"] == [{"id": str(document.pk), "text": "Report <of> the plot"}]


def test_a_curator_who_may_only_view_sees_the_citations_by_their_words(client, document):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_event", "view_citation", "view_document"])
    )
    client.force_login(viewer)
    event = make_event()
    event.citations.add(cite(document, "Three were arrested."))

    html = client.get(change_url(event)).content.decode()

    assert "<q>Three were arrested.</q>" in html and "Report &lt;of&gt; the plot" in html
    assert 'name="Event_citations-0-quote"' not in html
