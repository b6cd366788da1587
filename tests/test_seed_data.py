"""The built seed data: what the issue promises is there, every quote is verbatim, names are clean."""

import io
import json
import re
import unicodedata

import pytest
from django.conf import settings
from django.core.management import call_command

from actors.models import Actor, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Loss, Place, Reaction

pytestmark = pytest.mark.django_db

ARTICLE = "2024-armenian-coup-attempt-allegations"
STATEMENT = "armenian-ngos-joint-statement-on-russian-coup-attempt"
CITED_MODELS = [Conflict, Combatant, Commander, Loss, Event, Reaction, Demand]


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
    losses = conflict.losses.order_by("slug")
    assert [(loss.side, loss.kind, loss.count) for loss in losses] == [(2, "arrested", 3), (2, "at_large", 4)]
    assert losses[1].description == "another four where still at large"


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
        # "The same day as the announcement": which announcement is the curators' reading.
        ("pashinyan-on-european-union-membership", "2024-09-18?"),
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
    alleged_by = dict(conflict.combatants.filter(side=2).values_list("actor__slug", "alleged_by__slug"))
    # Sev Hovaz is on the plotters' side through its leader, whose arrest the Investigative
    # Committee announced; the Government of Armenia's announcement names no militia.
    assert alleged_by == {
        "russophiles": "government-of-armenia",
        "arbat-battalion": "government-of-armenia",
        "russian-federation": "government-of-armenia",
        "sev-hovaz": "investigative-committee-of-the-republic-of-armenia",
    }
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
        "republic-of-armenia",
        "russian-federation",
    ]
    assert claim.combatants.get(actor__slug="republic-of-armenia").side == 1
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
    assert positions.count() == 8


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
        ("republic-of-armenia", "Republic of Armenia"),
        ("united-states", "American troops"),
        ("media-directly-dependent-on-the-kremlin", "the media directly dependent on the Kremlin"),
        ("border-troops-of-the-republic-of-armenia", "the border troops of the Republic of Armenia"),
        ("russian-armed-forces", "the Russian armed forces"),
        ("cable-broadcasting-operators", "cable broadcasting operators"),
        ("russian-tv-channels", "Russian TV channels"),
        ("security-council-of-the-russian-federation", "Security Council of the Russian Federation"),
        ("law-enforcement", "law enforcement"),
    ],
)
def test_actors_the_sources_name_are_there_and_cited(seed, slug, words):
    actor = Actor.objects.get(slug=slug)
    assert any(words in citation.quote for citation in actor.description_citations.all())


def test_every_actor_description_is_cited(seed):
    undescribed = Actor.objects.exclude(description="").filter(description_citations__isnull=True)
    assert list(undescribed.values_list("slug", flat=True)) == []


def test_places_the_demands_name(seed):
    places = {d.number: sorted(d.places.values_list("slug", flat=True)) for d in Demand.objects.all()}
    assert places[4] == ["armenian-iranian-border", "armenian-turkish-border", "zvartnots-airport"]
    assert places[5] == ["russian-102nd-military-base"]


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
    assert {a.slug for a in blessing.actors.all()} == {
        "arbat-battalion",
        "armenian-apostolic-church",
        "ukraine",
        "russian-federation",
    }


def test_every_open_or_relative_date_records_its_basis(seed):
    for model in (Conflict, Event, Reaction):
        for record in model.objects.exclude(date=""):
            if "[" in record.date or ".." in record.date:
                assert record.date_basis, (
                    f"{model.__name__} {record.slug}: an open or relative date needs its basis"
                )


# --- a summary says what its citations say --------------------------------------------------------
#
# Read from fixtures/seed.json itself (no database): every content word of an event's or reaction's
# summary, or a conflict's description, is a word of its cited spans, or one its curator note
# declares a paraphrase of ('Paraphrase: "the NGOs say" (whose claim it is).').

# Function words a summary may use freely. "not" is none of them: a dropped or added negation
# changes what a summary says.
STOPWORDS = frozenset(
    """a an the and or but nor of in on at to for from by with as into that this these those it its
    is are was were be been being has have had do does did he him his she her they them their we us
    our you your which who whom whose what when where while there here than then so such also would
    will shall should can could may might must""".split()
)
SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
# The sentence of a curator note that declares a paraphrase; the words it quotes are allowed.
PARAPHRASE = re.compile(r"(?:paraphrase|the curators' words)[^.]*", re.IGNORECASE)
SUMMARY_FIELDS = {"events.event": "summary", "events.reaction": "summary", "events.conflict": "description"}


def stem(word: str) -> str:
    """A crude stem, enough to match "fails"/"failing", "denied"/"denies", "forces"/"force"."""
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def content_words(text: str) -> dict[str, str]:
    """The content words of ``text`` by their stem: lowercased, without stopwords, possessives and
    punctuation; numbers count as words ("220,000" is one)."""
    text = re.sub(r"(?<=\d),(?=\d)", "", text.lower().replace("’", "'"))
    text = re.sub(r"'s\b|'", " ", text)
    words = re.findall(r"\w+", text)
    return {stem(w): w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}


def paraphrased_words(note: str) -> set[str]:
    return {
        word
        for sentence in PARAPHRASE.findall(note)
        for quoted in re.findall(r'"([^"]*)"', sentence)
        for word in content_words(quoted)
    }


def uncited_summary_words(rows: list[dict]) -> list[str]:
    """One line per record whose summary says a word that neither its citations nor its note's
    paraphrase list does: the record and those words."""
    quotes = {
        (row["fields"]["document"][0], row["fields"]["start"], row["fields"]["end"]): row["fields"]["quote"]
        for row in rows
        if row["model"] == "documents.citation"
    }
    problems = []
    for row in rows:
        record = row["fields"]
        field = SUMMARY_FIELDS.get(row["model"])
        if field is None or not record[field]:
            continue
        cited = set(content_words(" ".join(quotes[tuple(key)] for key in record["citations"])))
        allowed = cited | paraphrased_words(record["curator_note"])
        uncited = [word for key, word in content_words(record[field]).items() if key not in allowed]
        if uncited:
            problems.append(f"{row['model']} {record['slug']}: {', '.join(uncited)}")
    return problems


def seed_rows() -> list[dict]:
    return json.loads((settings.BASE_DIR / "fixtures" / "seed.json").read_text(encoding="utf-8"))


def seed_row(rows: list[dict], model: str, slug: str) -> dict:
    return next(row["fields"] for row in rows if row["model"] == model and row["fields"]["slug"] == slug)


def test_every_summary_word_is_in_its_citations():
    assert uncited_summary_words(seed_rows()) == []


@pytest.mark.parametrize(
    ("slug", "quotes", "uncited"),
    [
        # Each as the audit of 2026-12 found it: the citation skipped words the summary says.
        (
            "ngos-reject-foreign-or-violent-intervention",
            ["We unequivocally reject any other, even more so, foreign or violent intervention in the "
             "formation of government and seizure of state power"],
            "condemn, attempts, russian, federation, armenian, agents, calling, coup",
        ),
        (
            "ngos-say-russia-interferes-in-armenian-politics",
            ["Obviously, the Russian Federation not only fails to fulfill its obligations to guarantee the "
             "security of Armenia",
             "but also tries to directly and publicly interfere in the domestic political processes of the "
             "Republic of Armenia and support destabilizing actions against the state."],
            "perform, peacekeeping, functions, ensure, rights, population, nagorno, karabakh",
        ),
        (
            "ngos-say-russia-aims-at-a-dictatorial-regime",
            ["have a clear goal to undermine the sovereignty and independence of Armenia"],
            "authorities, russian, federation, establish, dictatorial, regime, country",
        ),
        (
            "ngos-say-russia-fails-its-obligations",
            ["both the so-called peacekeeping forces in Nagorno Karabakh and the Russian Federation, in "
             "general, have largely proven that they do not fulfill their contractual and military and "
             "political obligations and consistently serve the interests of Azerbaijan at the expense of "
             "Armenia and Nagorno Karabakh."],
            "since, november, 9, 2020",
        ),
    ],
)  # fmt: skip
def test_the_word_check_finds_what_a_citation_leaves_out(slug, quotes, uncited):
    rows = seed_rows()
    text = seed_row(rows, "documents.document", STATEMENT)["text"]
    event = seed_row(rows, "events.event", slug)
    event["citations"] = []
    for quote in quotes:
        start = text.index(quote)
        rows.append({"model": "documents.citation", "fields": {
            "document": [STATEMENT], "start": start, "end": start + len(quote), "quote": quote}})  # fmt: skip
        event["citations"].append([STATEMENT, start, start + len(quote)])
    found = [line for line in uncited_summary_words(rows) if line.startswith(f"events.event {slug}:")]
    assert found == [f"events.event {slug}: {uncited}"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The NGOs' statement says 220,000 rubles ($2,377).", {"ngo", "statement", "say", "220000", "rubl", "2377"}),
        ("Armenia’s forces denied it; the force denies.", {"armenia", "forc", "deny"}),
        ("It is not a coup d’état", {"not", "coup", "état"}),
    ],
)  # fmt: skip
def test_content_words(text, words):
    assert set(content_words(text)) == words


def test_a_paraphrase_is_allowed_only_where_the_note_declares_it():
    note = 'Known from the "statement". Paraphrase: "the NGOs say" (whose claim it is).'
    assert paraphrased_words(note) == {"ngo", "say"}
    assert paraphrased_words('The source spells it "where".') == set()


# --- who alleges a fact is named where it is cited -----------------------------------------------

ALLEGING_ACTOR_FIELDS = {
    Conflict: "status_alleged_by",
    Combatant: "alleged_by",
    Commander: "alleged_by",
    Event: "attributed_to",
}


def lines_around(text: str, start: int, end: int) -> str:
    """The lines (each paragraph of the seeds is one) that the span [start, end) touches."""
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def alleging_actor_not_named() -> list[str]:
    """Facts whose alleging actor is named, by its name or an alias, in no paragraph they cite;
    unless the curator note quotes the source's words for it as "recorded as" that actor
    ('"Armenian officials", recorded as the Government of Armenia') and those words are there."""
    found = []
    for model, field in ALLEGING_ACTOR_FIELDS.items():
        facts = model.objects.exclude(**{f"{field}__isnull": True}).prefetch_related("citations__document")
        for fact in facts:
            actor = getattr(fact, field)
            recorded_as = rf'"([^"]+)"[^"]*?recorded as (?:the )?{re.escape(actor.name)}'
            names = [actor.name, *actor.aliases.values_list("name", flat=True)]
            names += re.findall(recorded_as, fact.curator_note, re.IGNORECASE)
            paragraphs = [
                lines_around(citation.document.text, citation.start, citation.end).lower()
                for citation in fact.citations.all()
            ]
            if not any(name.lower() in paragraph for name in names for paragraph in paragraphs):
                found.append(f"{model.__name__} {fact.slug}: {actor.slug} is named in no cited paragraph")
    for model in (Combatant, Commander, Event):
        for fact in model.objects.exclude(alleged_in=None).select_related("alleged_in"):
            if not fact.citations.filter(document=fact.alleged_in.document).exists():
                found.append(f"{model.__name__} {fact.slug}: cites nothing of {fact.alleged_in.slug}")
    return found


def test_who_alleges_a_fact_is_named_where_it_is_cited(seed):
    assert alleging_actor_not_named() == []


def test_the_alleger_check_finds_the_sev_hovaz_role_as_the_audit_found_it(seed):
    combatant = Combatant.objects.get(slug="2024-armenian-coup-attempt-allegations-side-2-sev-hovaz")
    combatant.alleged_by = Actor.objects.get(slug="government-of-armenia")
    combatant.save()
    combatant.citations.remove(*combatant.citations.filter(quote__startswith="The Investigative Committee"))
    assert alleging_actor_not_named() == [
        f"Combatant {combatant.slug}: government-of-armenia is named in no cited paragraph"
    ]


def test_lines_around_a_span():
    text = "One.\nTwo three.\nFour"
    assert lines_around(text, text.index("three"), text.index("three") + 5) == "Two three."
    assert lines_around(text, text.index("Four"), len(text)) == "Four"
    assert lines_around(text, 0, 3) == "One."


# --- dates the curators read or assumed say so -----------------------------------------------------

READING = re.compile(r"\b(?:read as|taken to be|assum\w*)\b", re.IGNORECASE)
# The Investigative Committee's announcements (the arrests, the charges) carry no date: a date
# resolved against one is the curators' assumption.
UNDATED_REFERENCE = re.compile(r"announcement of the arrests|Investigative Committee")


def test_a_date_read_or_assumed_by_the_curators_is_flagged(seed):
    for model in (Conflict, Event, Reaction):
        for record in model.objects.exclude(date=""):
            where = f"{model.__name__} {record.slug}"
            flagged = "?" in record.date or "~" in record.date or record.date_basis.startswith("Assumed:")
            if READING.search(record.date_basis):
                assert flagged, where
            if UNDATED_REFERENCE.search(record.date_basis):
                assert record.date_basis.startswith("Assumed:"), where


def test_bounds_that_rest_on_the_undated_arrests_announcement(seed):
    lavrov = Event.objects.get(slug="lavrov-on-armenia-azerbaijan-peace-deal")
    assert lavrov.date == "[..2024-09-18]" and lavrov.date_basis.startswith("Assumed:")
    assert "Investigative Committee" in lavrov.date_basis
    for slug in ["investigative-committee-announces-charges", "three-plotters-arrested"]:
        event = Event.objects.get(slug=slug)
        assert (event.date, event.date_basis[:8]) == ("[2024-09-18..]", "Assumed:"), slug
    # The plot came apart before it was announced thwarted, not after.
    assert Event.objects.get(slug="plot-falls-apart").date == "[..2024-09-18]"


def test_the_undated_reactions_follow_the_announcement(seed):
    for reaction in Reaction.objects.filter(conflict__slug=ARTICLE):
        assert reaction.date_earliest is not None and reaction.date_earliest.isoformat() >= "2024-09-18", (
            reaction.slug
        )
        assert reaction.date_basis, reaction.slug


# --- the NGOs' allegation ------------------------------------------------------------------------


def test_a_statements_claims_are_filed_under_the_allegation_they_make(seed):
    """The statement a role rests on is a reaction in that role's conflict, so filtering by the
    allegation finds the statement."""
    for combatant in Combatant.objects.exclude(alleged_in=None).select_related("alleged_in"):
        assert combatant.alleged_in.conflict_id == combatant.conflict_id, combatant.slug
    claim = Conflict.objects.get(slug="russian-coup-attempt-in-armenia-alleged-by-armenian-ngos")
    assert list(claim.reactions.values_list("slug", flat=True)) == [STATEMENT]
    assert (claim.date, claim.date_earliest.isoformat()) == ("[2023-09-26..]", "2023-09-26")
    assert "not earlier than September 26, 2023" in claim.date_basis
    assert list(claim.places.values_list("slug", flat=True)) == ["armenia"]


def test_every_parent_conflict_is_named_in_its_childs_citations(seed):
    for conflict in Conflict.objects.exclude(parent=None).select_related("parent"):
        quotes = conflict.citations.values_list("quote", flat=True)
        assert any(conflict.parent.name in quote for quote in quotes), conflict.slug


def test_the_statements_other_claims_are_its_events(seed):
    claims = Event.objects.filter(alleged_in__slug=STATEMENT)
    for words in [
        "systematically and continuously violate the values of human rights",
        "in response to the commitment of our country to democratic development",
        "the unconcealed hostile attitude of the Russian Federation",
    ]:
        assert claims.filter(citations__quote__contains=words).exists(), words


# --- the audit's gaps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "actors"),
    [
        ("armenia-hosts-eagle-partner-2023-exercises", {"united-states"}),
        ("armenia-announces-plans-to-withdraw-from-csto", {"nikol-pashinyan"}),
        ("plotters-led-by-armenians-and-former-citizens-of-artsakh", {"republic-of-artsakh"}),
        ("lavrov-on-armenia-azerbaijan-peace-deal", {"azerbaijan", "russian-federation"}),
        ("medvedev-discourse-of-changing-power-in-armenia", {"media-directly-dependent-on-the-kremlin"}),
        ("armenian-russian-agreement-of-1992", {"border-troops-of-the-republic-of-armenia"}),
        ("plot-falls-apart", {"law-enforcement"}),
    ],
)
def test_actors_are_linked_where_the_source_names_them(seed, event, actors):
    assert actors <= set(Event.objects.get(slug=event).actors.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("event", "place"),
    [
        ("plotters-trained-in-russia", "russia"),
        ("plotters-sent-to-the-arbat-battalion-base", "rostov-on-don"),
        ("pashinyan-asks-russian-peacekeepers-to-withdraw", "armenia"),
        ("armenia-hosts-eagle-partner-2023-exercises", "armenia"),
        ("russian-invasion-of-ukraine-starts", "ukraine"),
    ],
)
def test_events_are_placed_where_they_happen(seed, event, place):
    assert Event.objects.get(slug=event).place.slug == place


def test_the_see_also_topics_are_the_2024_conflicts_related_topics(seed):
    conflict = Conflict.objects.get(slug=ARTICLE)
    assert conflict.related_topics == ["Armenia–Russia relations", "Anti-Russian sentiment in Armenia"]
    quotes = list(conflict.citations.values_list("quote", flat=True))
    assert all(any(topic in quote for quote in quotes) for topic in conflict.related_topics)


@pytest.mark.parametrize(
    ("reaction", "event"),
    [
        ("serob-gasparian-lawyer-denies-charges", "investigative-committee-announces-charges"),
        ("maria-zakharova-calls-allegations-fake-news", "government-of-armenia-announces-thwarted-coup"),
        ("neil-melvin-doubts-the-evidence", "government-of-armenia-announces-thwarted-coup"),
    ],
)
def test_denials_and_doubts_name_the_claim_they_answer(seed, reaction, event):
    assert Reaction.objects.get(slug=reaction).responds_to.slug == event
