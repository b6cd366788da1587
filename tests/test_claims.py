"""Ingest proposes the claim structure of unseen prose: who speaks, what they claim, who denies it,
the actors the text names (kinds from its words, people by unambiguous surname) and the dates of
a news report's relative words (invented documents only)."""

import io

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors.models import Actor
from events.models import Conflict, Event, Reaction
from project.pipeline.ingest import ingest
from project.pipeline.parsers.prose import parse_prose

pytestmark = pytest.mark.django_db

REPORT = """Borduria's junta says it foiled plot

STRELSAU, 6 March 2031 (Ruritania Wire) — According to the junta, loyal troops stopped a convoy of the Black Elphberg Brigade near the capital on Tuesday.
The Brigade's leader, Colonel Rupert Hentzau, was arrested later that day, the Ministry of Justice said.
Two days later, Hentzau's lawyer denied all charges.
Anna Holm, a deputy, said on Thursday that the arrests were unlawful; her cousin, General Karl Holm, declined to comment.
Speaking on state radio the following week, General Holm said the army stood by the junta.

ENDS
"""


# Pieces of reports, in the odd orders a fuzzer finds: the claim, date and name words ingest reads.
FRAGMENTS = [
    "Headline\n\n", "STRELSAU, 6 March 2031 (Wire) — ", "According to the junta, ", "According to ",
    " said", " said.", ", the Ministry of Justice said.", "Colonel Rupert Hentzau", "Hentzau",
    "'s lawyer denied all charges", "his lawyer, Anna Holm, ", " denied", " rejected the accusation",
    "General Holm", "the Brigade", "Black Elphberg Brigade (BEB)", "BEB", " and ", ", who ", ", ",
    ". ", "\n\n", "later that day", "on Tuesday", "the following week", "Two days later, ",
    "earlier that month", "last year", "the same day as the announcement", "Republic of Borduria",
    "the Ambassador of Borduria", "Minister of Foreign Affairs Anna Holm", "Borduria's foreign ministry",
    "the government of Borduria", "“", "”", "ENDS\n", "Veldavian ", "in Strelsau", "We reject",
]  # fmt: skip


def events_by_start(document) -> dict[str, Event]:
    return {
        event.citations.get().quote[:24]: event
        for event in Event.objects.filter(citations__document=document).prefetch_related("citations")
    }


def test_a_dateline_is_where_and_when_not_an_event():
    parsed = parse_prose(REPORT)
    assert parsed.dateline.text == "STRELSAU, 6 March 2031 (Ruritania Wire)"
    assert parsed.paragraphs[0].text.startswith("According to the junta")
    assert parsed.footer.text == "ENDS"


def test_claims_name_their_speaker_and_the_rest_is_the_claim():
    document = ingest(REPORT, "news_report", publisher="Ruritania Wire").document
    events = events_by_start(document)
    first = events["According to the junta, "]
    assert first.attributed_to.name == "junta" and first.attributed_to.review_state == "draft"
    assert first.summary.startswith("Loyal troops stopped a convoy")
    # "..., the Ministry of Justice said": the speaker after the claim.
    assert events["The Brigade's leader, Co"].attributed_to.name == "Ministry of Justice"
    assert events["The Brigade's leader, Co"].attributed_to.kind == "state_agency"


REPORTED = """Borduria foils plot

STRELSAU, 6 March 2031 (Ruritania Wire) — The Ministry of Justice said on Tuesday that loyal troops had stopped a convoy.
On 5 March 2031, the junta said five officers were arrested in Zenda.
Colonel Rupert Hentzau was arrested later that day, the Ministry of Justice said.
The Brigade had planned to seize the palace on 2 March 2031, said the Ministry of Justice.
Anna Holm told reporters on Wednesday that the Brigade had been disbanded.
Karl Holm, a deputy, stated on Thursday that the arrests were unlawful.
The junta announced a curfew on Thursday.
The junta accused Hentzau of plotting on Thursday.
Anna Holm called for calm on Friday.
After the raid on 7 March 2031, the junta said that the plot was over.
Police raided the house on 8 March 2031 and the junta said that the plot was over.
“We will not yield,” the junta said on 9 March 2031.
On 10 March 2031, Karl Holm told a news conference that afternoon that the Brigade had been armed abroad.
The junta said on 11 March 2031 it had foiled a second plot.
On 12 March 2031 the Ministry of Justice said that six officers had been freed and that two had fled.
"""


def test_reported_speech_is_summarised_as_its_claim():
    """ "X said (that) Y", "Y, X said", "Y, said X", "X told reporters that Y", "X stated that Y":
    the summary is Y, attributed to X; acts whose object is no clause, and sentences with more
    before the speaker than a date, keep the whole sentence."""
    document = ingest(REPORTED, "news_report").document
    summaries = {start: event.summary for start, event in events_by_start(document).items()}
    assert summaries["The Ministry of Justice "] == "Loyal troops had stopped a convoy."
    # The opening date phrase is dropped: the event's date field carries it.
    assert summaries["On 5 March 2031, the jun"] == "Five officers were arrested in Zenda."
    assert summaries["Colonel Rupert Hentzau w"] == "Colonel Rupert Hentzau was arrested later that day."
    assert (
        summaries["The Brigade had planned "]
        == "The Brigade had planned to seize the palace on 2 March 2031."
    )
    assert summaries["Anna Holm told reporters"] == "The Brigade had been disbanded."
    assert summaries["Karl Holm, a deputy, sta"] == "The arrests were unlawful."
    assert summaries["On 10 March 2031, Karl H"] == "The Brigade had been armed abroad."
    assert summaries["On 12 March 2031 the Min"] == "Six officers had been freed and two had fled."
    for start in (
        "The junta announced a cu",
        "The junta accused Hentza",
        "Anna Holm called for cal",
        "After the raid on 7 Marc",
        "Police raided the house ",
        "“We will not yield,” the",
        "The junta said on 11 Mar",  # "it had foiled": cut, it would not say who
    ):
        assert (
            summaries[start]
            == next(e for s, e in events_by_start(document).items() if s == start).citations.get().quote
        )
    events = events_by_start(document)
    assert events["Anna Holm told reporters"].attributed_to.name == "Anna Holm"
    assert events["The Brigade had planned "].attributed_to.name == "Ministry of Justice"


def test_a_headline_opening_with_a_role_word_does_not_loop():
    """ "Junta says ..." as a headline, then "the junta": a role word, not a name to look ahead for
    (it once recursed without end)."""
    text = "Junta says plot foiled\n\nSTRELSAU, 6 March 2031 — On 5 March 2031, the junta said officers were held.\n"
    document = ingest(text, "news_report").document
    assert Event.objects.filter(citations__document=document).exists()


def test_a_sentence_whose_date_cannot_be_read_is_proposed_undated_with_why():
    """ "On Tuesday" in a document with no date at all (no --date, no dateline, no full date
    before it): still an event, undated, its date_basis saying why."""
    text = "Plot foiled in Borduria\n\nSecurity forces arrested five officers in Strelsau on Tuesday.\n"
    document = ingest(text, "news_report").document
    [event] = Event.objects.filter(citations__document=document)
    assert event.citations.get().quote.startswith("Security forces arrested five officers")
    assert event.date == "" and event.date_earliest is None
    assert event.date_basis.startswith("Undated: ") and "Tuesday" in event.date_basis
    assert "no date before it" in event.date_basis


ROLES = """= 2031 Borduria coup plot =

Infobox
- Conflict: 2031 Borduria coup plot
- Date: 3 March 2031
- Result: Plot thwarted
- Combatant1: Government of Borduria, Presidential Guard
- Combatant2: Sev Hovaz

On 3 March 2031, Colonel Ivo Brand, the head of the Presidential Guard, ordered the arrests.
According to the Committee for State Security, General Rada Vel, the leader of Sev Hovaz, had planned the coup since 1 February 2031.
"""


def test_a_leader_in_prose_commands_the_group_with_the_title_kept():
    """ "X, the head of Y": X commands Y's side, tied to Y, the title as the prose gives it; in
    someone's claim ("According to the Committee, X, the leader of Y"), the role is alleged by them."""
    ingest(ROLES, "encyclopedia_article")
    conflict = Conflict.objects.get(article_title="2031 Borduria coup plot")
    guard = conflict.commanders.get(actor__name="Ivo Brand")
    assert (guard.side, guard.combatant.actor.name) == (1, "Presidential Guard")
    assert guard.title == "head of Presidential Guard" and guard.alleged_by is None
    assert guard.review_state == "draft" and guard.citations.exists()
    leader = conflict.commanders.get(actor__name="Rada Vel")
    assert (leader.side, leader.combatant.actor.name, leader.title) == (2, "Sev Hovaz", "leader of Sev Hovaz")
    assert leader.alleged_by.name == "Committee for State Security"


def test_a_lowercase_title_before_a_name_is_kept():
    """News copy's lowercase titles: "Bordurian foreign minister Maria Zakharova said", "the
    defence minister, Ana Ruiz, said": the person is found, a person, the title kept as
    "President" or "General" is."""
    text = (
        "Borduria rejects claims\n\nSTRELSAU, 6 March 2031 — Bordurian foreign minister Maria Zakharova said on "
        "5 March 2031 that no troops had crossed the border.\nThe defence minister, Ana Ruiz, said on 6 March 2031 "
        "that the army stayed in its barracks.\n"
    )
    document = ingest(text, "news_report").document
    zakharova = Actor.objects.get(name="Maria Zakharova")
    assert (zakharova.kind, zakharova.description) == ("person", "foreign minister")
    ruiz = Actor.objects.get(name="Ana Ruiz")
    assert (ruiz.kind, ruiz.description) == ("person", "defence minister")
    speakers = {event.attributed_to.name for event in Event.objects.filter(citations__document=document)}
    assert speakers == {"Maria Zakharova", "Ana Ruiz"}


def test_relative_days_resolve_from_the_nearest_day_and_say_how():
    document = ingest(REPORT, "news_report").document
    dates = {start: (event.date, event.date_basis) for start, event in events_by_start(document).items()}
    # 6 March 2031 is a Thursday: "on Tuesday" is the 4th, "later that day" the same day.
    assert dates["According to the junta, "][0] == "2031-03-04"
    assert dates["The Brigade's leader, Co"][0] == "2031-03-04"
    assert dates["Two days later, Hentzau'"][0] == "2031-03-06"
    assert dates["Speaking on state radio "][0] == "[2031-03-10..2031-03-16]"
    assert all(basis for _, basis in dates.values())


def test_a_denial_is_a_reaction_linked_to_the_claim_it_answers():
    document = ingest(REPORT, "news_report").document
    [denial] = Reaction.objects.filter(citations__document=document, stance="denies")
    assert denial.actor.name == "Lawyer of Rupert Hentzau" and denial.kind == "legal_defense"
    assert denial.responds_to.citations.get().quote.startswith("The Brigade's leader")
    assert denial.date == "2031-03-06" and denial.review_state == "draft"


def test_people_are_found_by_surname_but_two_who_share_one_stay_two():
    document = ingest(REPORT, "news_report").document
    events = events_by_start(document)
    assert Actor.objects.filter(name="Rupert Hentzau", kind="person").count() == 1
    assert "Rupert Hentzau" in {a.name for a in events["Two days later, Hentzau'"].actors.all()}
    holms = set(Actor.objects.filter(name__endswith="Holm").values_list("name", flat=True))
    assert holms == {"Anna Holm", "Karl Holm"}
    # "General Holm" is the Holm introduced as a general, not the deputy.
    assert events["Speaking on state radio "].attributed_to.name == "Karl Holm"


def test_a_lede_without_a_date_of_its_own_is_dated_by_the_dateline():
    report = (
        "Arrests in Borduria\n\nSTRELSAU, 12 November 2031 (Wire) — Borduria's government said it had "
        "uncovered a plot by Sheikh Mansour bin Khalifa. The arrests follow a crackdown that began after the "
        "election in March 2030.\n\nTwo days later, Sheikh Mansour denied it. The council meets on 16 November.\n"
    )
    document = ingest(report, "news_report").document
    events = events_by_start(document)
    lede = events["Borduria's government sa"]
    assert (lede.date, "dateline" in lede.date_basis) == ("2031-11-12", True)
    # "X's government" is the Government of X; a patronymic name is one name.
    assert (lede.attributed_to.name, lede.attributed_to.kind) == ("Government of Borduria", "government")
    assert {a.name for a in lede.actors.all()} >= {"Mansour bin Khalifa"}
    # The aside ("in March 2030") stops neither the clock nor the year.
    assert events["Two days later, Sheikh M"].date == "2031-11-14"
    assert events["The council meets on 16 "].date == "2031-11-16"
    [denial] = Reaction.objects.filter(citations__document=document, stance="denies")
    assert denial.actor.name == "Mansour bin Khalifa"


def test_a_common_noun_links_the_one_actor_it_can_mean():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The Borduria State Intelligence Directorate "
        "said on Tuesday it had foiled a plot. The directorate said the next day that Kessaly had paid "
        "the plotters. Kessaly's foreign ministry rejected the claim the same day.\n"
    )
    document = ingest(report, "news_report").document
    events = events_by_start(document)
    assert "Borduria State Intelligence Directorate" in {
        a.name for a in events["The directorate said the"].actors.all()
    }
    # "Kessaly's foreign ministry": named by the words the text gives the state.
    [denial] = Reaction.objects.filter(citations__document=document, stance="denies")
    assert denial.actor.name == "Ministry of Foreign Affairs of Kessaly"


def test_a_role_the_text_names_in_full_only_later_is_that_body():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The ruling military council in Strelsau Old Town "
        "said on Tuesday it had foiled a plot. The United Nations office in Strelsau Old Town urged calm the "
        "next day. The Kessalian foreign ministry rejected the claim the same day. The Supreme Military "
        "Council of Borduria took power in 2029. Kessalia closed its border.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    # "the ruling military council" before the text names it: the one council it names later
    assert events["The ruling military coun"].attributed_to.name == "Supreme Military Council of Borduria"
    # a place of several words between the body and its verb; the office speaks for its body
    assert events["The United Nations offic"].attributed_to.name == "United Nations"
    # "the Kessalian foreign ministry": the state's ministry, named by the state's own word
    assert events["The Kessalian foreign mi"].attributed_to.name == "Ministry of Foreign Affairs of Kessalia"


def test_lowercase_nouns_and_pairs_of_surnames_link_the_actors_named_before():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The Republican Guard seized the radio on "
        "Tuesday. General Karl Brisk led it. Colonel Anna Morcant joined it. The next day the guard "
        "surrendered. Brisk and Morcant fled two days later.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert "Republican Guard" in {a.name for a in events["The next day the guard s"].actors.all()}
    assert {"Karl Brisk", "Anna Morcant"} <= {a.name for a in events["Brisk and Morcant fled t"].actors.all()}


def test_the_government_of_the_one_state_a_report_names():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The Republic of Borduria closed its border on "
        "Tuesday. The government said the next day that the plotters had fled.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert "Government of Borduria" in {a.name for a in events["The government said the "].actors.all()}


def test_a_press_releases_own_voice_is_its_issuers():
    release = "Ministry statement\n\nMinistry of Justice, Strelsau, 6 March 2031 — The Ministry announces that the Brigade was disbanded on 5 March 2031.\n"
    document = ingest(release, "press_release").document
    [event] = Event.objects.filter(citations__document=document)
    assert event.attributed_to.name == "Ministry of Justice" and event.date == "2031-03-05"


def test_a_release_names_its_issuer_however_its_text_styles_it():
    release = (
        "Statement\n\nStrelsau, 6 March 2031 — The Ministry of Justice of the Republic of Borduria "
        "announces that the Brigade was disbanded on 5 March 2031, which this Ministry welcomed the same day.\n"
    )
    document = ingest(release, "press_release", publisher="Ministry of Justice of Borduria").document
    [event] = Event.objects.filter(citations__document=document)
    assert event.attributed_to.name == "Ministry of Justice of Borduria"
    assert not Actor.objects.filter(name__icontains="this Ministry").exists()
    assert not Actor.objects.filter(name="Ministry of Justice of the Republic of Borduria").exists()


def test_part_of_gives_the_parent_its_dates_and_status():
    article = (
        "= 2031 Borduria plot =\n\nInfobox\n- Partof: Bordurian crisis (2029–present)\n"
        "- Status: Concluded\n- Result: Coup thwarted\n\nOn 6 March 2031 the plot was foiled.\n"
    )
    ingest(article, "encyclopedia_article")
    parent = Conflict.objects.get(name="Bordurian crisis (2029–present)")
    assert (parent.date, parent.status) == ("2029/..", "ongoing")
    assert Conflict.objects.get(article_title="2031 Borduria plot").status == "plot_thwarted"


@pytest.mark.parametrize(
    "lines, status",
    [
        ("- Result: The coup succeeds; the president flees", "attempt_succeeded"),
        ("- Status: Ongoing\n- Result: Plot thwarted", "ongoing"),
        ("- Status: Concluded\n- Result: Coup attempt failed", "attempt_failed"),
        # "Concluded" says it ended, not how: unknown, and never ongoing from "–present".
        ("- Date: 2029–present\n- Status: Concluded", "unknown"),
    ],
)
def test_infobox_status_words(lines, status):
    article = f"= 2031 Borduria coup =\n\nInfobox\n{lines}\n- Partof: Bordurian war (2020–2023)\n\nProse.\n"
    ingest(article, "encyclopedia_article")
    assert Conflict.objects.get(article_title="2031 Borduria coup").status == status
    # A parent whose years closed ("(2020–2023)") is not ongoing.
    assert Conflict.objects.get(name="Bordurian war (2020–2023)").status == "unknown"


def test_ingesting_into_a_fresh_database_says_nothing_of_caches_or_etags(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(path), "--kind", "news", stdout=out, stderr=err)
    assert "stored document" in out.getvalue()
    assert "cache" not in err.getvalue().lower() and "etag" not in err.getvalue().lower()


def test_the_seed_articles_two_gasparians_stay_two():
    from project.pipeline.build import SEED_DIR

    text = (SEED_DIR / "2024-armenian-coup-attempt-allegations.txt").read_text(encoding="utf-8")
    document = ingest(text, "encyclopedia_article").document
    people = set(Actor.objects.filter(name__startswith=("Serob")).values_list("name", flat=True))
    people |= set(Actor.objects.filter(name__startswith="Hayk").values_list("name", flat=True))
    assert people == {"Serob Gasparian", "Hayk Gasparyan"}
    denials = {
        reaction.actor.name: reaction
        for reaction in Reaction.objects.filter(citations__document=document, stance="denies")
    }
    # "Gasparian has been a noted critic ..., however, his lawyer has denied all charges": the
    # lawyer of Serob Gasparian, the person named before "his".
    assert set(denials) == {"Lawyer of Serob Gasparian", "Maria Zakharova"}
    # Zakharova answers the announcement of the conflict she reacts to, not an older claim of
    # the Background.
    answered = denials["Maria Zakharova"].responds_to.citations.get().quote
    assert answered.startswith("On 18 September 2024, the Government of Armenia announced")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), min_size=1, max_size=40).map("".join))
def test_any_report_is_stored_with_exact_citations_or_refused_whole(text):
    from django.db import transaction

    from documents.models import Citation, Document
    from project.pipeline.ingest import IngestError

    with transaction.atomic():
        before = Document.objects.count()
        try:
            result = ingest(text, "news_report", date="2031-03-06")
        except IngestError as error:
            assert str(error) and Document.objects.count() == before
        else:
            for citation in Citation.objects.filter(document=result.document):
                assert result.document.text[citation.start : citation.end] == citation.quote
        transaction.set_rollback(True)


SEVERAL_CLAIMS = """Plot charged in Borduria

STRELSAU, 6 March 2031 (Ruritania Wire) — Prosecutors on Tuesday charged Colonel Rupert Hentzau with plotting to overthrow the government.
The Ministry of Justice said on Wednesday that the plotters had received rifles from neighbouring Kessaly.
Trade with Kessaly was suspended on Wednesday evening.
Hentzau was taken from his home later that night, his wife said.
Kessaly's foreign ministry rejected the accusation on Thursday.
Hentzau's lawyer denied the charges.
"""


def test_a_denial_answers_the_claim_that_accuses_not_the_latest_sentence_about_the_denier():
    document = ingest(SEVERAL_CLAIMS, "news_report").document
    answered = {
        reaction.actor.name: reaction.responds_to.citations.get().quote
        for reaction in Reaction.objects.filter(citations__document=document, stance="denies")
    }
    # The ministry speaks for Kessaly: it answers the claim about Kessaly, not the later fact
    # that names Kessaly ("Trade with Kessaly was suspended").
    assert answered["Ministry of Foreign Affairs of Kessaly"].startswith("The Ministry of Justice said")
    # "denied the charges" answers the sentence that charged him, not his wife's later account.
    assert answered["Lawyer of Rupert Hentzau"].startswith("Prosecutors on Tuesday charged")


def test_a_one_word_name_the_text_treats_as_a_state_is_a_state():
    ingest(SEVERAL_CLAIMS, "news_report")
    assert Actor.objects.get(name="Kessaly").kind == "state"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Reshko fought in the border war with neighbouring Osterlund.", True),
        ("Kessaly's foreign ministry rejected it.", True),
        ("Zoragh's security forces arrested six officers.", True),
        ("Tarquesan prosecutors charged him. Tarquesa has been in turmoil.", True),
        ("Kessaly said so on Tuesday.", False),  # nothing says what Kessaly is
        ("The talks were held in Strelsau.", False),
        ("Nimbera's ambassador was summoned.", True),  # a state sends ambassadors
        ("The plotters seized Lorrem, the capital of Nimbera.", True),
        ("Sevrenne detained three Nevarrin soldiers at the border.", True),
    ],
)
def test_a_one_word_name_is_a_state_when_the_text_speaks_of_it_as_one(text, state):
    from project.pipeline.mentions import named_as_state

    words = ("Osterlund", "Kessaly", "Zoragh", "Tarquesa", "Strelsau", "Nimbera", "Nevarrin")
    name = next(word for word in words if word in text)
    assert named_as_state(text, name) is state


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Dravonian Federation", "state"),  # a state whose name ends in its form
        ("Zorbarra Defence Force", "armed_group"),
        ("Pavroskan Air Force", "armed_group"),
        ("2nd Air Wing", "armed_group"),  # a numbered unit
        ("Ulmat Liberation Front", "armed_group"),
        ("People's Liberation Congress", "political_group"),
        ("Chamber of Deputies", "state_agency"),
    ],
)
def test_the_kind_a_names_words_say(name, kind):
    from project.pipeline.mentions import kind_of

    assert kind_of(name) == kind


def test_the_government_is_not_a_neighbouring_states():
    report = (
        "Expulsions in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The Republic of Borduria said on "
        "Tuesday it had foiled a plot.\nOn Wednesday the government expelled two diplomats from "
        "neighbouring Kessaly.\n"
    )
    document = ingest(report, "news_report").document
    expelled = events_by_start(document)["On Wednesday the governm"]
    assert "Government of Borduria" in {actor.name for actor in expelled.actors.all()}


PRESS_RELEASE = """Kessaly rejects Bordurian accusations

Ministry of Foreign Affairs of Kessaly, Kessgrad, 9 March 2031 — The Ministry of Foreign Affairs of Kessaly categorically rejects the allegations made by the Government of Borduria.

On Sunday, the Bordurian Minister of the Interior, Karl Holm, told parliament that Kessaly had armed the plotters.

ENDS
"""


def test_a_denial_that_opens_a_release_answers_the_claim_that_follows_it():
    document = ingest(
        PRESS_RELEASE, "press_release", publisher="Ministry of Foreign Affairs of Kessaly"
    ).document
    [denial] = Reaction.objects.filter(citations__document=document, stance="denies")
    assert denial.responds_to is not None
    assert denial.responds_to.citations.get().quote.startswith("On Sunday, the Bordurian Minister")


FAMILY_ACCOUNT = """Opposition lawmaker held in Borduria

STRELSAU, 6 March 2031 (Ruritania Wire) — Bordurian security agents arrested an opposition lawmaker and three army officers on Wednesday.
The lawmaker, Karl Vossen of the opposition Liberal Front, was taken from his home before dawn, his wife, Anna Vossen, said.
Liberal Front leader Petra Lind rejected the accusations on Thursday.
"""


def test_a_denial_does_not_answer_the_accused_familys_own_account():
    document = ingest(FAMILY_ACCOUNT, "news_report").document
    [denial] = Reaction.objects.filter(citations__document=document, stance="denies")
    assert denial.responds_to.citations.get().quote.startswith("Bordurian security agents arrested")


def test_a_place_the_text_speaks_of_as_a_state_is_an_actor_too():
    from events.models import Place

    Place.objects.create(slug="pelmaran", name="Pelmaran")
    report = (
        "Unrest in Pelmaran\n\nPELVARA, 6 March 2031 (Wire) — Pelmaran has been in turmoil since the "
        "election.\nOn Tuesday the African Union urged Pelmaran's government to free the detainees.\n"
    )
    document = ingest(report, "news_report").document
    lede = events_by_start(document)["Pelmaran has been in tur"]
    assert {(actor.name, actor.kind) for actor in lede.actors.all()} == {("Pelmaran", "state")}


# A sentence (the document's only event, or the one opening with these words) and who speaks in it.
ONE_SPEAKER = [
    pytest.param(
        "news_report",
        (
            "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — Last year, army officers were accused by the "
            "Electoral Commission of intimidating candidates.\n"
        ),
        None,
        "Electoral Commission",
        id="a_passive_names_its_accuser_after_by",
    ),
    pytest.param(
        "news_report",
        (
            "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — Two journalists were detained on Tuesday, "
            "according to their editor, Kofi Banerjee.\n"
        ),
        None,
        "Kofi Banerjee",
        id="according_to_a_role_then_the_person_who_holds_it",
    ),
    pytest.param(
        "press_release",
        (
            "Arrests\n\nMinistry of Justice, Strelsau, 6 March 2031 — The investigation began in March, after "
            "residents of the Kessaly Federation reported unusual purchases of fuel.\n"
        ),
        None,
        "Ministry of Justice",
        id="residents_of_a_place_are_not_the_place_speaking",
    ),
    pytest.param(
        "news_report",
        (
            "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The United Nations human rights office said on "
            "Thursday that it was following the detentions closely.\n"
        ),
        None,
        "United Nations human rights office",
        id="an_organisations_body_named_by_its_own_words_speaks",
    ),
    pytest.param(
        "news_report",
        (
            "Mutiny in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — President Anna Holm was at an air base on "
            "Tuesday. At dawn, Captain Karl Lind read a statement on the radio on Tuesday. Holm was in fact "
            "safe. In a video posted that morning, she called on soldiers to return to barracks.\n"
        ),
        "In a video posted that m",
        "Anna Holm",
        id="a_pronoun_means_the_person_who_opens_the_sentence_before",
    ),
    pytest.param(
        "news_report",
        (
            "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — General Karl Brisk was arrested on Tuesday, a "
            "spokesman for the Ministry of Justice told reporters. Four officers were detained later that day, "
            "he added.\n"
        ),
        "Four officers were detai",
        "Ministry of Justice",
        id="a_pronoun_after_a_reported_sentence_is_still_its_speaker",
    ),
]


@pytest.mark.parametrize(("form", "text", "start", "speaker"), ONE_SPEAKER)
def test_a_sentence_names_its_speaker(form, text, start, speaker):
    document = ingest(text, form).document
    if start is None:
        [event] = Event.objects.filter(citations__document=document)
    else:
        event = events_by_start(document)[start]
    assert event.attributed_to.name == speaker


def test_a_place_after_in_is_no_subject_and_a_word_after_said_no_speaker():
    report = (
        "Coup in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — On 5 March 2031 soldiers surrounded the palace "
        "in the Kessaly Federation, detained the president and announced a curfew.\n"
        "On Tuesday, Karl Vossen, a deputy, claimed to ECOWAS that the army had armed the plotters.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert events["On 5 March 2031 soldiers"].attributed_to is None  # not the place
    assert events["On Tuesday, Karl Vossen,"].attributed_to.name == "Karl Vossen"  # not ECOWAS


def test_a_government_named_by_its_peoples_adjective_is_that_states():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The Republic of Borduria said on Tuesday that "
        "the plotters had trained in neighbouring Kessalia.\nA spokesman for the Kessalian government denied "
        "on Wednesday that Kessalia had armed them.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert events["A spokesman for the Kess"].attributed_to.name == "Government of Kessalia"


def test_the_central_government_and_parliament_are_the_one_states():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — The Republic of Borduria closed its border on "
        "Tuesday. The rebels, who have fought the central government since 2020, denied it the next day.\n"
        "On Thursday, the prime minister told parliament that the plot had failed.\n"
        "On Friday, Karl Vossen, a member of parliament, said the army was loyal.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert "Government of Borduria" in {a.name for a in events["The rebels, who have fou"].actors.all()}
    assert "Parliament of Borduria" in {a.name for a in events["On Thursday, the prime m"].actors.all()}
    friday = events["On Friday, Karl Vossen, "]
    assert "Parliament of Borduria" not in {a.name for a in friday.actors.all()}  # "member of parliament"


def test_a_ruling_council_named_with_its_state_is_the_council_and_names_the_state():
    report = (
        "Accusations\n\nSTRELSAU, 6 March 2031 (Wire) — Borduria rejects the accusations made on Tuesday by "
        "the Transitional Military Council of Nimbera.\nOn Wednesday, the Council's spokesman said Borduria "
        "had armed the plotters.\nLast year, Borduria hosted talks between the Council and Nimbera's parties "
        "in March.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    council = Actor.objects.get(name="Transitional Military Council of Nimbera")
    assert "Transitional Military Council" in {alias.name for alias in council.aliases.all()}
    assert {council, Actor.objects.get(name="Nimbera")} <= set(
        events["Borduria rejects the acc"].actors.all()
    )
    assert council in set(events["Last year, Borduria host"].actors.all())  # "the Council and Nimbera's"


def test_the_president_is_the_one_person_the_text_titled_so():
    report = (
        "Plot in Borduria\n\nSTRELSAU, 6 March 2031 (Wire) — On 5 March, Prime Minister Anna Holm told "
        "reporters that officers were plotting. Hours later, the army accused the prime minister of lying.\n"
        "On Friday, the army's chief, Karl Holm, who is not related to the prime minister, rejected it.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert "Anna Holm" in {a.name for a in events["Hours later, the army ac"].actors.all()}
    assert events["On Friday, the army's ch"].attributed_to.name == "Karl Holm"  # not the relative clause's


def test_a_state_the_text_speaks_of_is_an_actor_after_in_too():
    report = (
        "Vote in Rivosca\n\nCORRAN, 6 March 2031 (Wire) — Since the elections of 9 December 2030, when voters "
        "in Rivosca chose a civilian government, the army has resisted. The government of Rivosca said so.\n"
    )
    events = events_by_start(ingest(report, "news_report").document)
    assert ("Rivosca", "state") in {(a.name, a.kind) for a in events["Since the elections of 9"].actors.all()}


def test_a_name_may_end_in_a_word_that_opens_sentences():
    from project.pipeline.mentions import names_in

    text = "President Dario Whitlock told the Chamber of Deputies what the news site Rivosca Today published."
    assert {"Chamber of Deputies", "Rivosca Today"} <= {name.name for name in names_in(text, 0, len(text))}
    report = (
        "Speech\n\nCORRAN, 6 March 2031 (Wire) — A recording was published by the news site Rivosca Today "
        "on Tuesday.\n"
    )
    ingest(report, "news_report")
    assert Actor.objects.get(name="Rivosca Today").kind == "media"
