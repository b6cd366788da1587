"""The built seed data: what the issue promises is there, every quote is verbatim, names are clean."""

import io
import json
import re
import unicodedata

import pytest
from django.core.management import call_command

from actors.models import Actor, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Loss, Place, Reaction
from tests.factories import empty_database

pytestmark = pytest.mark.django_db

ARTICLE = "2024-armenian-coup-attempt-allegations"
STATEMENT = "armenian-ngos-joint-statement-on-russian-coup-attempt"
CITED_MODELS = [Conflict, Combatant, Commander, Loss, Event, Reaction, Demand]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed fixtures, loaded once for the module; each test's own writes are rolled back."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        yield
        empty_database()


@pytest.fixture
def seed(seeded, db):
    return None


def slugs(queryset):
    return sorted(queryset.values_list("actor__slug", flat=True))


def test_documents_are_stored_whole_with_their_hash(seed):
    from project.pipeline.build import SEED_DIR

    article = Document.objects.get(slug=ARTICLE)
    assert article.text == (SEED_DIR / "2024-armenian-coup-attempt-allegations.txt").read_bytes().decode()
    statement = Document.objects.get(slug=STATEMENT)
    assert statement.publisher == "MassisPost"
    assert statement.body.rstrip().endswith("“Educational Center for Equal Rights” NGO")
    assert "Leave a Reply" not in statement.body and "Leave a Reply" in statement.text
    assert (statement.date_earliest.isoformat(), statement.date_latest) == ("2023-09-26", None)


def test_every_citation_quote_is_its_document_text_at_its_offsets(seed):
    citations = list(Citation.objects.select_related("document"))
    assert len(citations) > 50
    for citation in citations:
        assert citation.document.text[citation.start : citation.end] == citation.quote
        assert citation.document.body_start <= citation.start < citation.end <= citation.document.body_end


def test_every_fact_has_a_citation(seed):
    for model in CITED_MODELS:
        uncited = list(model.objects.filter(citations__isnull=True).values_list("slug", flat=True))
        assert uncited == [], f"{model.__name__} without citations: {uncited}"


def test_the_2024_conflict_sides_commanders_and_losses(seed):
    conflict = Conflict.objects.get(slug=ARTICLE)
    assert conflict.name == "2024 Armenian coup attempt"
    assert conflict.status == Conflict.Status.PLOT_THWARTED
    assert conflict.status_alleged_by.slug == "government-of-armenia"
    assert conflict.parent.name == "Armenian political crisis (2020–present)"
    assert conflict.result == "Coup thwarted, plotters arrested"
    side1 = conflict.combatants.filter(side=1)
    assert slugs(side1) == ["government-of-armenia", "national-security-service"]
    assert set(side1.values_list("role", flat=True)) == {"belligerent"}
    belligerents2 = conflict.combatants.filter(side=2, role="belligerent")
    assert slugs(belligerents2) == ["arbat-battalion", "russophiles", "sev-hovaz"]
    supporter = conflict.combatants.get(side=2, role="supporter")
    assert (supporter.actor.name, supporter.alleged_by.slug) == (
        "Russian Federation",
        "government-of-armenia",
    )
    assert slugs(conflict.commanders.filter(side=1)) == ["armen-abazyan", "nikol-pashinyan"]
    assert slugs(conflict.commanders.filter(side=2)) == ["hayk-gasparyan", "serob-gasparian"]
    assert (
        conflict.commanders.get(actor__slug="armen-abazyan").combatant.actor.slug
        == "national-security-service"
    )
    loss = conflict.losses.get()
    assert (loss.side, loss.kind, loss.count) == (2, "arrested", 3)


def test_places_are_one_place_per_spelling(seed):
    conflict = Conflict.objects.get(slug=ARTICLE)
    assert sorted(conflict.places.values_list("name", flat=True)) == ["Rostov-on-Don", "Yerevan"]
    assert Place.objects.filter(name__icontains="rostov").count() == 1
    assert list(Place.objects.get(slug="rostov-on-don").aliases.values_list("name", flat=True)) == [
        "Rostov on Don"
    ]


def test_related_conflicts_are_the_five_coup_allegations(seed):
    related = sorted(Conflict.objects.get(slug=ARTICLE).related.values_list("name", flat=True))
    assert related == [
        "2023 Moldovan coup d'état attempt allegations",
        "2024 Ukrainian coup attempt allegations",
        "2025 Armenian coup attempt allegations",
        "November 2023 Armenian coup attempt allegations",
        "September 2023 Armenian coup attempt allegations",
    ]
    assert not Conflict.objects.filter(name__icontains="relations").exists()
    assert not Conflict.objects.filter(name__icontains="sentiment").exists()


def test_the_september_2023_allegations_from_the_background(seed):
    conflict = Conflict.objects.get(slug="september-2023-armenian-coup-attempt-allegations")
    assert (conflict.date, str(conflict.date_earliest), str(conflict.date_latest)) == (
        "2023-09",
        "2023-09-01",
        "2023-09-30",
    )
    assert slugs(conflict.combatants.filter(side=2)) == ["albert-bazeyan", "khachakirner"]
    assert conflict.events.get().attributed_to.slug == "national-security-service"


@pytest.mark.parametrize(
    ("slug", "date"),
    [
        ("government-of-armenia-announces-thwarted-coup", "2024-09-18"),
        ("pashinyan-on-european-union-membership", "2024-09-18"),
        ("azerbaijan-hosts-putin-in-baku", "2024-08"),
        ("pashinyan-asks-russian-peacekeepers-to-withdraw", "[2024-01-01..2024-09-18]"),
        ("lavrov-on-armenia-azerbaijan-peace-deal", "[..2024-09-18]"),
        ("nss-arrests-albert-bazeyan-and-khachakirner-members", "2023-09"),
        ("russian-invasion-of-ukraine-starts", "2022"),
        ("november-9-2020-statement-signed", "2020-11-09"),
        ("azerbaijani-offensive-in-nagorno-karabakh", "2023-09-19"),
        ("russian-foreign-ministry-blames-armenian-authorities", "2023-09-26"),
        ("armenian-russian-agreement-of-1992", "1992"),
    ],
)
def test_dated_events_are_exactly_as_precise_as_their_source(seed, slug, date):
    assert Event.objects.get(slug=slug).date == date


def test_relative_dates_record_how_they_were_resolved(seed):
    for event in Event.objects.exclude(date=""):
        if event.date.startswith("[") or event.date.endswith(".."):
            assert event.date_basis, f"{event.slug}: an open or relative date needs its basis"


def test_the_statements_own_three_dates_are_events_citing_it(seed):
    cited = Event.objects.filter(citations__document__slug=STATEMENT).exclude(date="")
    assert {"2020-11-09", "2023-09-19", "2023-09-26"} <= set(cited.values_list("date", flat=True))


@pytest.mark.parametrize(
    ("actor", "stance"),
    [
        ("russian-ministry-of-defense", "declines_to_comment"),
        ("maria-zakharova", "denies"),
        ("neil-melvin", "doubts"),
        ("callum-fraser", "considers_plausible"),
        ("lawyer-of-serob-gasparian", "denies"),
    ],
)
def test_reactions_and_their_stances(seed, actor, stance):
    reaction = Reaction.objects.get(actor__slug=actor)
    assert reaction.stance == stance
    assert reaction.conflict.slug == ARTICLE


def test_melvin_doubts_on_20_september_and_zakharova_title_is_flagged(seed):
    assert Reaction.objects.get(actor__slug="neil-melvin").date == "2024-09-20"
    assert "Lavrov" in Actor.objects.get(slug="maria-zakharova").curator_note


def test_joint_statement_signatories_and_demands(seed):
    statement = Reaction.objects.get(slug=STATEMENT)
    assert statement.kind == "joint_statement" and statement.document.slug == STATEMENT
    assert statement.signatories.count() == 15
    assert set(statement.signatories.values_list("kind", flat=True)) == {"ngo"}
    demands = list(statement.demands.order_by("number"))
    assert [d.number for d in demands] == [1, 2, 3, 4, 5]
    assert demands[0].text.startswith("Resolutely thwart all attempts of foreign interference")
    assert demands[2].topic == "alliance_membership" and "CSTO" in demands[2].text
    side1_government = Combatant.objects.get(
        conflict__slug=ARTICLE, side=1, actor__slug="government-of-armenia"
    )
    assert {d.addressee_id for d in demands} == {side1_government.actor_id}
    assert {d.status for d in demands} == {"unknown"}


# Leading/trailing punctuation other than a quote pair that the name itself opens and closes.
BAD_EDGE = re.compile(r"^[^\w“\"‘']|[^\w”\"’'.)]$")


def names_in_the_data():
    for actor in Actor.objects.prefetch_related("aliases"):
        yield actor.name
        yield from (alias.name for alias in actor.aliases.all())
    yield from Place.objects.values_list("name", flat=True)
    yield from Conflict.objects.values_list("name", flat=True)


def test_no_name_holds_flag_icon_leftovers_punctuation_or_footer_lines(seed):
    footer = Document.objects.get(slug=STATEMENT)
    footer_lines = {line.strip() for line in footer.text[footer.body_end :].splitlines() if line.strip()}
    names = list(names_in_the_data())
    assert len(names) > 40
    for name in names:
        assert "20px" not in name
        assert name == name.strip() and name
        assert not BAD_EDGE.search(name), f"{name!r} starts or ends with punctuation"
        if name[0] in '“"':
            assert any(q in name[1:] for q in '”"'), f"{name!r} opens a quote it never closes"
        assert name not in footer_lines
        assert not any(unicodedata.category(ch) == "Cc" for ch in name)


def test_loading_the_fixtures_twice_changes_nothing(seed):
    def snapshot():
        out = io.StringIO()
        call_command("dumpdata", "documents", "actors", "events", natural_foreign=True,
                     natural_primary=True, stdout=out)  # fmt: skip
        return json.loads(out.getvalue())

    before = snapshot()
    call_command("load_seed", verbosity=0)
    assert snapshot() == before


# --- who alleges what --------------------------------------------------------------------------

# Words by which a source presents what follows as someone's claim rather than as fact.
CLAIM_WORDS = re.compile(
    r"\b(according to|announced|alleged(?:ly)?|claim(?:s|ed|ing)?|said|stated|accused)\b|\(per\s",
    re.IGNORECASE,
)
# Where a sentence ends: its stop and the space after it, or a line break.
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+|\n")
ALLEGING_FIELDS = {
    Conflict: ("status_alleged_by",),
    Combatant: ("alleged_by", "alleged_in"),
    Commander: ("alleged_by", "alleged_in"),
    Event: ("attributed_to", "alleged_in"),
}


def sentences_around(text: str, start: int, end: int) -> str:
    """The sentences (or lines) that the span [start, end) touches."""
    bounds = [0, *(match.end() for match in SENTENCE_END.finditer(text)), len(text)]
    first = max(b for b in bounds if b <= start)
    last = min(b for b in bounds if b >= end)
    return text[first:last]


def claim_words_without_an_alleging_actor() -> list[str]:
    """Facts cited from a claim's context that name no alleging actor and whose note says nothing
    of the claim word; each entry names the fact, the word and the quote."""
    found = []
    for model, fields in ALLEGING_FIELDS.items():
        for fact in model.objects.prefetch_related("citations__document"):
            if any(getattr(fact, f"{name}_id") for name in fields):
                continue
            for citation in fact.citations.all():
                context = sentences_around(citation.document.text, citation.start, citation.end)
                match = CLAIM_WORDS.search(context)
                if match and match.group(0).lower().strip() not in fact.curator_note.lower():
                    found.append(f"{model.__name__} {fact.slug}: {match.group(0)!r} in {citation.quote!r}")
    return found


def test_every_fact_cited_from_a_claim_names_who_claims_it_or_says_why_not(seed):
    """A fact whose citation sits in an "according to / announced / said / (per X)" sentence names
    the actor or statement alleging it, or its curator note explains, quoting the word."""
    assert claim_words_without_an_alleging_actor() == []


def test_the_claim_check_finds_a_claim_that_names_no_one(seed):
    combatant = Combatant.objects.get(slug="2024-armenian-coup-attempt-allegations-side-2-russophiles")
    combatant.alleged_by = None
    combatant.save()
    # Both its citations sit in a claim: the infobox's "(per Armenia)" line and the "announced" lead.
    assert {problem.split(":")[0] for problem in claim_words_without_an_alleging_actor()} == {
        "Combatant 2024-armenian-coup-attempt-allegations-side-2-russophiles"
    }


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("One. According to X, two. Three.", "two", "According to X, two. "),
        ("Line one\n- Key: per (per X)\nNext", "Key", "- Key: per (per X)\n"),
        # A quote that runs over an ellipsis gets both halves of the sentence.
        ("He said “Yes... no.” Then.", "Yes... no", "He said “Yes... no.” "),
    ],
)
def test_sentences_around_a_span(text, quote, expected):
    start = text.index(quote)
    assert sentences_around(text, start, start + len(quote)) == expected


def test_the_2024_plotters_side_is_the_government_of_armenias_claim(seed):
    conflict = Conflict.objects.get(slug=ARTICLE)
    for combatant in conflict.combatants.filter(side=2):
        assert combatant.alleged_by.slug == "government-of-armenia", combatant.slug
    gasparian = conflict.commanders.get(actor__slug="serob-gasparian")
    assert gasparian.alleged_by.slug == "investigative-committee-of-the-republic-of-armenia"
    assert "has denied all charges" in gasparian.curator_note
    assert conflict.commanders.get(actor__slug="hayk-gasparyan").alleged_by.slug == "government-of-armenia"


def test_the_ngos_claims_rest_on_their_statement(seed):
    statement = Reaction.objects.get(slug=STATEMENT)
    claim = Conflict.objects.get(slug="russian-coup-attempt-in-armenia-alleged-by-armenian-ngos")
    assert claim.status == "plot_alleged" and claim.parent.slug == "armenian-political-crisis-2020-present"
    assert slugs(claim.combatants.filter(alleged_in=statement)) == [
        "armenian-agents-calling-for-a-coup",
        "russian-federation",
    ]
    for slug in [
        "medvedev-discourse-of-changing-power-in-armenia",
        "ngos-say-the-offensive-was-agreed-with-russia",
        "russian-foreign-ministry-blames-armenian-authorities",
        "armenian-russian-agreement-of-1992",
    ]:
        assert Event.objects.get(slug=slug).alleged_in == statement, slug
    assert (
        "agreed with Russia"
        not in Event.objects.get(slug="azerbaijani-offensive-in-nagorno-karabakh").summary
    )


def test_the_elections_paragraph_is_a_position_not_a_demand(seed):
    elections = Event.objects.get(topic="elections")
    assert elections.alleged_in.slug == STATEMENT
    assert "free, transparent and fair elections" in elections.citations.get().quote
    assert not Demand.objects.filter(topic="elections").exists()
    positions = Event.objects.filter(alleged_in__slug=STATEMENT).exclude(topic="")
    assert positions.count() == 5


def test_fixed_background_facts(seed):
    protests = Event.objects.get(slug="russia-supports-protests-in-armenia")
    assert "Armenia" not in protests.summary and protests.attributed_to is None
    assert (protests.date, protests.date_latest.isoformat()) == ("2024", "2024-12-31")
    assert Event.objects.get(slug="medvedev-discourse-of-changing-power-in-armenia").date == "[..2023-09-26]"
    assert Event.objects.get(slug="pashinyan-asks-russian-peacekeepers-to-withdraw").kind == "request"
    crisis = Conflict.objects.get(slug="armenian-political-crisis-2020-present")
    assert (crisis.status, crisis.date, crisis.date_latest) == ("ongoing", "2020/..", None)
    assert "Kremlin" in Actor.objects.get(slug="russian-federation").aliases.values_list("name", flat=True)


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("royal-united-services-institute", "Royal United Services Institute"),
        ("republic-of-artsakh", "Republic of Artsakh"),
        ("csto", "CSTO"),
        ("european-union", "European Union"),
        ("ukraine", "Ukraine"),
        ("armenian-apostolic-church", "Armenian Apostolic Church"),
    ],
)
def test_actors_the_sources_name_are_there_and_cited(seed, slug, words):
    actor = Actor.objects.get(slug=slug)
    assert any(words in citation.quote for citation in actor.description_citations.all())


def test_every_actor_description_is_cited(seed):
    undescribed = Actor.objects.exclude(description="").filter(description_citations__isnull=True)
    assert list(undescribed.values_list("slug", flat=True)) == []


def test_places_the_demands_name(seed):
    places = {d.number: list(d.places.values_list("slug", flat=True)) for d in Demand.objects.all()}
    assert places[4] == ["zvartnots-airport"] and places[5] == ["russian-102nd-military-base"]


def test_the_training_allegation_in_facts_of_its_own(seed):
    summaries = " ".join(
        Event.objects.filter(attributed_to__slug="government-of-armenia").values_list("summary", flat=True)
    )
    for detail in [
        "5 Armenians and 2 former citizens of the Republic of Artsakh",
        "undisclosed number of Armenian nationals",
        "220,000 rubles ($2,377)",
        "background checks and polygraph tests",
        "former residents of Nagorno-Karabakh",
    ]:
        assert detail in summaries
    blessing = Event.objects.get(slug="arbat-battalion-blessed-by-armenian-apostolic-church")
    assert {a.slug for a in blessing.actors.all()} == {"arbat-battalion", "armenian-apostolic-church"}


def test_every_open_or_relative_date_records_its_basis(seed):
    for model in (Conflict, Event, Reaction):
        for record in model.objects.exclude(date=""):
            if "[" in record.date or ".." in record.date:
                assert record.date_basis, (
                    f"{model.__name__} {record.slug}: an open or relative date needs its basis"
                )
