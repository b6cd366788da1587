"""Ingest reads what an unseen document states: its infobox date, status and result, and a draft
event for every dated sentence, cited, dated, attributed and linked (invented documents only)."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from actors.models import Actor, ActorAlias
from documents.models import Citation, Document
from events.models import Conflict, Event, Place
from project.pipeline.ingest import ingest
from project.pipeline.parsers import Span
from project.pipeline.proposals import sentences

pytestmark = pytest.mark.django_db

ARTICLE = """= 2031 Ruritanian coup d'état attempt =

Infobox
- Conflict: 2031 Ruritanian coup d'état attempt
- Date: 3–5 March 2031
- Place: Strelsau
- Status: Failed
- Result: Coup failed, plotters arrested
- Combatant1: Royal Guard
- Combatant2: Black Elphberg Brigade

On 3 March 2031, the Royal Guard announced that it had stopped the Black Elphberg Brigade in Strelsau.

==Background==
Ruritania and Borduria fell out in 2029. Last year, also in June, the Royal Guard arrested Rupert Hentzau.

==Events==
According to the Royal Guard, the brigade trained in Zenda in February. The same day as the coup, nothing happened. The brigade dispersed on 5 March 2031. Dr Anna Holm of the Strelsau Institute stated on March 9 that "the evidence is thin." Undated words stay out.

== See also ==
- 2029 Ruritanian coup attempt
"""

STATEMENT = """Since November 9, 2030, when the accord was signed, the Brigade has broken it.

We, the undersigned organizations, condemn the attempt of March 3, 2031.

We call on the Government of the Kingdom of Ruritania to:

1. Investigate the attempt openly;
2. Protect the freedom of the press.

Strelsau Press Club
Zenda Citizens' Forum
"""


@pytest.fixture
def known(db):
    """What curators have stored before the article arrives: names the proposals can link."""
    guard = Actor.objects.create(slug="royal-guard", name="Royal Guard", kind="state_agency")
    brigade = Actor.objects.create(slug="black-elphberg-brigade", name="Black Elphberg Brigade")
    ActorAlias.objects.create(actor=brigade, name="the brigade")
    Actor.objects.create(slug="rupert-hentzau", name="Rupert Hentzau", kind="person")
    Actor.objects.create(slug="anna-holm", name="Anna Holm", kind="person")
    Place.objects.create(slug="zenda", name="Zenda")
    return guard


def proposals(document: Document) -> dict[str, Event]:
    return {
        event.citations.get().quote: event
        for event in Event.objects.filter(citations__document=document).prefetch_related("citations")
    }


def test_the_infobox_date_status_and_result_reach_the_conflict(known):
    ingest(ARTICLE, "encyclopedia_article")
    conflict = Conflict.objects.get(slug="2031-ruritanian-coup-detat-attempt")
    assert (conflict.date, str(conflict.date_earliest), str(conflict.date_latest)) == (
        "2031-03-03/2031-03-05",
        "2031-03-03",
        "2031-03-05",
    )
    assert "3–5 March 2031" in conflict.date_basis
    assert conflict.status == "attempt_failed" and conflict.result == "Coup failed, plotters arrested"
    assert {"3–5 March 2031", "Failed"} <= set(conflict.citations.values_list("quote", flat=True))


def test_one_draft_event_per_dated_sentence_each_cited_by_it(known):
    result = ingest(ARTICLE, "encyclopedia_article")
    events = proposals(result.document)
    assert sorted(events) == sorted(
        [
            "On 3 March 2031, the Royal Guard announced that it had stopped the Black Elphberg Brigade in Strelsau.",
            "Ruritania and Borduria fell out in 2029.",
            "Last year, also in June, the Royal Guard arrested Rupert Hentzau.",
            "According to the Royal Guard, the brigade trained in Zenda in February.",
            "The same day as the coup, nothing happened.",
            "The brigade dispersed on 5 March 2031.",
            'Dr Anna Holm of the Strelsau Institute stated on March 9 that "the evidence is thin."',
        ]
    )
    assert result.counts["proposed events"] == 7
    for quote, event in events.items():
        citation = event.citations.get()
        assert result.document.text[citation.start : citation.end] == quote
        # A claim's summary is the claim, without the words that say whose it is.
        claim = quote.removeprefix("According to the Royal Guard, ")
        assert event.summary == claim[:1].upper() + claim[1:]
        assert event.review_state == "draft" and "Proposed by ingest" in event.curator_note
        assert event.date and event.date_basis


@pytest.mark.parametrize(
    ("starts", "date", "basis"),
    [
        ("On 3 March 2031", "2031-03-03", 'As the sentence states it: "3 March 2031"'),
        ("Ruritania and Borduria", "2029", 'As the sentence states it: "in 2029"'),
        # "Last year" is relative to the date the article is about (its lead's), not to the
        # Background's 2029; the month takes that year.
        (
            "Last year, also in June",
            "2030-06",
            "the year before the date the document is about (3 March 2031)",
        ),
        # A month without a year in a later section starts again from the article's date.
        ("According to the Royal Guard", "2031-02", "read in 2031"),
        (
            "The same day as the coup",
            "2031-03-03",
            "the day of the date the document is about",
        ),
        ("The brigade dispersed", "2031-03-05", "As the sentence states it"),
        ("Dr Anna Holm", "2031-03-09", "read in 2031"),
    ],
)
def test_each_proposal_is_dated_as_its_sentence_says(known, starts, date, basis):
    events = proposals(ingest(ARTICLE, "encyclopedia_article").document)
    [event] = [event for quote, event in events.items() if quote.startswith(starts)]
    assert event.date == date and basis in event.date_basis


@pytest.mark.parametrize(
    ("starts", "attributed_to", "actors", "place", "kind", "in_conflict"),
    [
        # "X announced that ..."
        ("On 3 March 2031", "royal-guard", {"royal-guard", "black-elphberg-brigade"}, "strelsau", "announcement", True),
        # "According to X, ..."
        ("According to the Royal Guard", "royal-guard", {"royal-guard", "black-elphberg-brigade"}, "zenda", "training", True),
        # "X, of Y, stated ...": the speaker, found by name inside a longer phrase
        ("Dr Anna Holm", "anna-holm", {"anna-holm"}, None, "statement", True),
        # a plain report names no claimant; a Background sentence belongs to no conflict
        ("Last year, also in June", None, {"royal-guard", "rupert-hentzau"}, None, "arrest", False),
        ("The brigade dispersed", None, {"black-elphberg-brigade"}, None, "other", True),
    ],
)  # fmt: skip
def test_proposals_name_the_known_actors_places_and_claimant(
    known, starts, attributed_to, actors, place, kind, in_conflict
):
    events = proposals(ingest(ARTICLE, "encyclopedia_article").document)
    [event] = [event for quote, event in events.items() if quote.startswith(starts)]
    assert (event.attributed_to.slug if event.attributed_to else None) == attributed_to
    assert set(event.actors.values_list("slug", flat=True)) == actors
    assert (event.place.slug if event.place else None) == place
    assert event.kind == kind
    assert (event.conflict is not None) == in_conflict


def test_a_statements_own_dates_are_proposed_too(known):
    result = ingest(STATEMENT, "joint_statement")
    events = proposals(result.document)
    dates = {quote.split(",")[0]: event.date for quote, event in events.items()}
    assert dates == {"Since November 9": "2030-11-09", "We": "2031-03-03"}


def test_a_statements_addressee_is_of_the_kind_its_words_say(known):
    ingest(STATEMENT, "joint_statement")
    addressee = Actor.objects.get(name="Government of the Kingdom of Ruritania")
    assert addressee.kind == "government"


def test_proposals_stay_out_of_the_public_api_until_published(known):
    ingest(ARTICLE, "encyclopedia_article")
    assert Event.objects.filter(review_state="draft").count() == 7
    response = APIClient().get("/api/v1/events/")
    assert response.status_code == 200 and response.json()["results"] == []


def test_reingesting_the_same_text_proposes_nothing_new(known, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(path), "--kind", "article", stdout=io.StringIO())
    before = (
        Event.objects.count(),
        Citation.objects.count(),
        list(Event.objects.values_list("slug", "date")),
    )
    out = io.StringIO()
    call_command("ingest", str(path), "--kind", "article", stdout=out)
    assert "already stored" in out.getvalue()
    assert (
        Event.objects.count(),
        Citation.objects.count(),
        list(Event.objects.values_list("slug", "date")),
    ) == before


def test_an_infobox_date_it_cannot_read_is_a_warning_not_a_guess(known):
    result = ingest(ARTICLE.replace("3–5 March 2031", "Spring 2031"), "encyclopedia_article")
    assert Conflict.objects.get(slug="2031-ruritanian-coup-detat-attempt").date == ""
    assert any("Spring 2031" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two three. Four.", ["One.", "Two three.", "Four."]),
        (
            "Dr Holm met St. John. Then c. 2019 it rained.",
            ["Dr Holm met St. John.", "Then c. 2019 it rained."],
        ),
        ('He said "Yes... no." Then left.', ['He said "Yes... no."', "Then left."]),
        ("Line one\nLine two.", ["Line one", "Line two."]),
        (
            "On Sept. 7, 2090, troops moved. Late in Sept. The army left. On Jan. 5 it ended.",
            ["On Sept. 7, 2090, troops moved.", "Late in Sept.", "The army left.", "On Jan. 5 it ended."],
        ),
    ],
)
def test_sentences_are_spans_of_the_text(text, expected):
    found = sentences(text, Span(text, 0, len(text)))
    assert [s.text for s in found] == expected
    assert all(text[s.start : s.end] == s.text for s in found)
