"""The article and statement parsers read the seed documents and varied inputs into citable spans."""

from pathlib import Path

import pytest

from project.pipeline.parsers import ParseError, SideMember
from project.pipeline.parsers.article import is_conflict, parse_article
from project.pipeline.parsers.statement import parse_statement
from tests.spans import assert_clean_name, assert_spans_cite

SEEDS = Path(__file__).resolve().parent.parent / "documents" / "seeds"
ARTICLE_SEED = SEEDS / "2024-armenian-coup-attempt-allegations.txt"
STATEMENT_SEED = SEEDS / "armenian-ngos-joint-statement-russian-coup.txt"


def read(path: Path) -> str:
    # newline="" keeps the text exactly as stored, so offsets are offsets into the file's text.
    with path.open(encoding="utf-8", newline="") as file:
        return file.read()


def names(members: list[SideMember]) -> list[str | None]:
    return [m.name.text if m.name else None for m in members]


# --- the article seed ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_text():
    return read(ARTICLE_SEED)


@pytest.fixture(scope="module")
def article(article_text):
    return parse_article(article_text)


def test_article_seed_title_and_infobox(article):
    assert article.title.text == "2024 Armenian coup attempt allegations"
    assert list(article.infobox) == [
        "Conflict",
        "Partof",
        "Place",
        "Result",
        "Combatant1",
        "Combatant2",
        "Commander1",
        "Commander2",
        "Casualties2",
    ]
    assert article.infobox["Combatant1"].text == "Government of Armenia, 20px National Security Service"
    assert article.conflict.text == "2024 Armenian coup attempt"
    assert article.part_of.text == "Armenian political crisis (2020–present)"
    assert article.result.text == "Coup thwarted, plotters arrested"
    assert article.date is None and article.status is None
    assert [p.text for p in article.places] == ["Yerevan", "Rostov on Don"]


def test_article_seed_sides(article):
    assert sorted(article.combatants) == [1, 2]
    side1, side2 = article.combatants[1], article.combatants[2]
    assert names(side1) == ["Government of Armenia", "National Security Service"]
    assert {m.role for m in side1} == {"belligerent"}
    assert names(side2) == ["Russophiles", "Arbat Battalion", "Sev Hovaz", None]
    assert [m.role for m in side2] == ["belligerent"] * 3 + ["supporter"]
    lost = side2[3]
    assert lost.name is None and lost.alleged_by.text == "Armenia"
    assert all(m.alleged_by is None for m in side1 + side2[:3])
    assert {side: [n.text for n in ns] for side, ns in article.commanders.items()} == {
        1: ["Nikol Pashinyan", "Armen Abazyan"],
        2: ["Serob Gasparian", "Hayk Gasparyan"],
    }
    assert {side: [c.text for c in cs] for side, cs in article.casualties.items()} == {
        2: ["3 plotters arrested"]
    }


def test_article_seed_lead_and_sections(article):
    assert article.lead.text.startswith("On 18 September 2024, the Government of Armenia announced")
    assert article.lead.text.endswith("financed by the Russian Federation.")
    assert [s.title.text for s in article.sections] == ["Background", "Events", "Reactions", "See also"]
    background = article.sections[0].body.text
    assert background.startswith("Armenia–Russia relations have steadily declined")
    assert background.endswith("for allegedly plotting a coup.")
    assert "==" not in "".join(s.body.text for s in article.sections)
    assert article.sections[3].body.text.startswith("- Armenia–Russia relations")


def test_article_seed_see_also(article):
    assert [(e.name.text, e.is_conflict) for e in article.see_also] == [
        ("Armenia–Russia relations", False),
        ("Anti-Russian sentiment in Armenia", False),
        ("2025 Armenian coup attempt allegations", True),
        ("2024 Ukrainian coup attempt allegations", True),
        ("2023 Moldovan coup d'état attempt allegations", True),
        ("September 2023 Armenian coup attempt allegations", True),
        ("November 2023 Armenian coup attempt allegations", True),
    ]


def test_article_seed_spans_cite_the_text(article, article_text):
    assert assert_spans_cite(article, article_text) > 40


def test_article_seed_names_are_clean(article):
    members = [m for side in article.combatants.values() for m in side]
    for name in [m.name.text for m in members if m.name] + [
        m.alleged_by.text for m in members if m.alleged_by
    ]:
        assert_clean_name(name)
    for span in [*article.places, *(c for cs in article.commanders.values() for c in cs)]:
        assert_clean_name(span.text)
    for entry in article.see_also:
        assert_clean_name(entry.name.text)


# --- the statement seed -------------------------------------------------------------------

SEED_SIGNATORIES = [
    "Union of Informed Citizens",
    "Helsinki Citizens’ Assembly Vanadzor Office",
    "Journalists’ Club “Asparez”",
    "Community Consolidation and Support Center NGO",
    "Europe in Law NGO",
    "Free Citizen NGO",
    "Peace Dialogue NGO",
    "“Pink” human rights defender NGO",
    "Analytical Centre on Globalization and Regional Cooperation",
    "“Helsinki Association” human rights defender NGO",
    "“Shogher Union” social-educational NGO",
    "Restart Gyumri Civil Youth Center NGO",
    "Human Rights Research Center NGO",
    "“Democratic Platform” Foundation",
    "“Educational Center for Equal Rights” NGO",
]


@pytest.fixture(scope="module")
def statement_text():
    return read(STATEMENT_SEED)


@pytest.fixture(scope="module")
def statement(statement_text):
    return parse_statement(statement_text)


def test_statement_seed_paragraphs_and_addressee(statement):
    assert len(statement.paragraphs) == 9
    assert statement.paragraphs[0].text.startswith(
        "Since November 9, 2020, when the famous statement was signed"
    )
    assert statement.paragraphs[-1].text.startswith("We unequivocally reject any other")
    assert statement.addressee_line.text.startswith("Based on the above, as well as")
    assert statement.addressee_line.text.endswith(
        "we demand from the Government of the Republic of Armenia to:"
    )
    assert statement.addressee.text == "Government of the Republic of Armenia"


def test_statement_seed_demands(statement):
    assert [d.number for d in statement.demands] == [1, 2, 3, 4, 5]
    assert [d.text.text.split()[0] for d in statement.demands] == [
        "Resolutely",
        "Suspend",
        "Initiate",
        "Transfer",
        "Initiate",
    ]
    assert statement.demands[0].text.text.endswith("within the scope of their powers")
    assert statement.demands[4].text.text.endswith("from our country.")
    assert not any(d.text.text.endswith(";") or "–" in d.text.text[:2] for d in statement.demands)


def test_statement_seed_signatories(statement):
    assert [s.text for s in statement.signatories] == SEED_SIGNATORIES
    for signatory in statement.signatories:
        assert_clean_name(signatory.text)


def test_statement_seed_body_and_footer(statement, statement_text):
    assert statement.body.start == 0
    assert statement.body.text.endswith("“Educational Center for Equal Rights” NGO")
    assert statement.footer.text.startswith("Leave a Reply")
    assert statement.footer.end == len(statement_text.rstrip())
    for footer_line in [
        "Leave a Reply",
        "Sign Up for Our Newsletters",
        "MassisPost",
        "You May Also Like",
        "ACA",
    ]:
        assert footer_line not in statement.body.text
        assert not any(footer_line in s.text for s in statement.signatories)
    assert statement.body.end <= statement.footer.start


def test_statement_seed_spans_cite_the_text(statement, statement_text):
    assert assert_spans_cite(statement, statement_text) == 9 + 2 + 5 + 15 + 2


# --- varied articles ----------------------------------------------------------------------

THREE_SIDES = """\
= 2031 Ruritanian coup d'état =

Infobox
- Conflict: 2031 Ruritanian coup d'état
- Date: 3–4 May 2031
- Place: Strelsau, Zenda,
- Status: Ended
- Combatant1: 20px Royal Guard, , 23x15px Ministry of Interior
- Combatant2: Colonel Zúñiga’s faction, Supported by: Borduria (per Syldavia), Wagner Group (until 2031)
- Combatant3: “Free Ruritania” movement; Supported by: , (per Ruritania)
- Commander1: 20px Rudolf V, Col. Sapt.
- Commander2: José Zúñiga (per Syldavia)
- Commander3: Antoinette de Mauban
- Casualties1: 3 guards killed, 5 wounded; 2 civilians killed
- Casualties3: none
- Flag: 20px Ruritania

Lead paragraph one.

Lead paragraph two.

== Background ==

Body of background.

=== Detail ===
Nested text.

==Aftermath==
"""


def test_article_with_three_sides_and_varied_forms():
    text = THREE_SIDES
    article = parse_article(text)
    assert_spans_cite(article, text)
    assert article.title.text == "2031 Ruritanian coup d'état"
    assert article.date.text == "3–4 May 2031" and article.status.text == "Ended"
    assert article.part_of is None and article.result is None
    assert article.infobox["Flag"].text == "20px Ruritania"  # unknown keys kept, raw
    assert [p.text for p in article.places] == ["Strelsau", "Zenda"]
    assert names(article.combatants[1]) == ["Royal Guard", "Ministry of Interior"]
    side2 = article.combatants[2]
    assert names(side2) == ["Colonel Zúñiga’s faction", "Borduria", "Wagner Group (until 2031)"]
    assert [m.role for m in side2] == ["belligerent", "supporter", "supporter"]
    assert side2[1].alleged_by.text == "Syldavia" and side2[2].alleged_by is None
    side3 = article.combatants[3]
    assert names(side3) == ["“Free Ruritania” movement", None]
    assert side3[1].role == "supporter" and side3[1].alleged_by.text == "Ruritania"
    assert {s: [n.text for n in ns] for s, ns in article.commanders.items()} == {
        1: ["Rudolf V", "Col. Sapt"],
        2: ["José Zúñiga"],
        3: ["Antoinette de Mauban"],
    }
    assert {s: [c.text for c in cs] for s, cs in article.casualties.items()} == {
        1: ["3 guards killed, 5 wounded", "2 civilians killed"],
        3: ["none"],
    }
    assert article.lead.text == "Lead paragraph one.\n\nLead paragraph two."
    assert [s.title.text for s in article.sections] == ["Background", "Aftermath"]
    assert article.sections[0].body.text == "Body of background.\n\n=== Detail ===\nNested text."
    assert article.sections[1].body.text == ""
    assert article.see_also == []
    for side in article.combatants.values():
        for member in side:
            if member.name:
                assert_clean_name(member.name.text)


def test_article_supporter_named_in_its_own_entry_and_lone_per():
    text = "= X =\nInfobox\n- Combatant1: Ukraine, Supported by: Russia (per Ukraine)\n- Combatant2: A, Supported by:, B, (per C), (per D)\n"
    article = parse_article(text)
    assert_spans_cite(article, text)
    (ukraine, russia) = article.combatants[1]
    assert (ukraine.name.text, ukraine.role, ukraine.alleged_by) == ("Ukraine", "belligerent", None)
    assert (russia.name.text, russia.role, russia.alleged_by.text) == ("Russia", "supporter", "Ukraine")
    # A lone "(per C)" belongs to the supporter before it; a second one to a supporter whose name was lost.
    assert [
        (m.name and m.name.text, m.role, m.alleged_by and m.alleged_by.text) for m in article.combatants[2]
    ] == [
        ("A", "belligerent", None),
        ("B", "supporter", "C"),
        (None, "supporter", "D"),
    ]


def test_article_without_infobox_or_see_also():
    text = "= Plain article =\n\nJust a lead.\n\n==History==\nText.\n"
    article = parse_article(text)
    assert_spans_cite(article, text)
    assert article.infobox == {} and article.combatants == {} and article.places == []
    assert article.lead.text == "Just a lead."
    assert [s.title.text for s in article.sections] == ["History"]
    assert article.see_also == []


def test_article_crlf_line_ends_and_empty_values():
    text = "= Title =\r\nInfobox\r\n- Place:\r\n- Combatant1: 20px\r\n\r\nLead.\r\n== See also ==\r\n* 1999 Pakistani coup d'état\r\n"
    article = parse_article(text)
    assert_spans_cite(article, text)
    assert article.title.text == "Title"
    assert article.infobox["Place"].text == "" and article.places == []
    assert article.combatants == {1: []}
    assert article.lead.text == "Lead."
    assert [(e.name.text, e.is_conflict) for e in article.see_also] == [("1999 Pakistani coup d'état", True)]


def test_article_after_a_byte_order_mark():
    text = "\ufeff= Title =\nLead.\n"
    article = parse_article(text)
    assert_spans_cite(article, text)
    assert (article.title.text, article.title.start) == ("Title", 3)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("2023 Moldovan coup d'état attempt allegations", True),
        ("Coup d’état", True),
        ("Wagner Group rebellion", True),
        ("Russo-Ukrainian War", True),
        ("Russian invasion of Ukraine", True),
        ("Armenian political crisis", True),
        ("2016 Turkish putsch", True),
        ("Armenia–Russia relations", False),
        ("Anti-Russian sentiment in Armenia", False),
        ("List of coups and coup attempts", False),
        ("Timeline of the Russian invasion of Ukraine", False),
        ("Warsaw Pact", False),
        ("Coupland", False),
        ("Collective Security Treaty Organization", False),
    ],
)
def test_see_also_classification(entry, expected):
    assert is_conflict(entry) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t\n", "empty"),
        ("Infobox\n- Conflict: X\n", "line 1 should be the '= Title =' line"),
        ("\n\n==Background==\nText\n", "line 3 should be the '= Title =' line"),
        ("= =\n", "'= Title ='"),
        (
            "= T =\nInfobox\n- Place: A\n- place: B\n",
            "infobox key 'place' on line 4 repeats the one on line 3",
        ),
    ],
)
def test_article_errors(text, message):
    with pytest.raises(ParseError, match="article: .*") as error:
        parse_article(text)
    assert message in str(error.value)


# --- varied statements --------------------------------------------------------------------

DOT_STATEMENT = """\
The situation has worsened.
It keeps worsening.

Therefore we call on the European Union to:

1. Impose sanctions;
2. Freeze assets,

3. Monitor the elections.

Coalition for Democracy
Zúñiga Foundation
“Open Door” Initiative

Share this:
Facebook
© 2024 Some Site
"""


def test_statement_with_dot_numbering_and_share_footer():
    text = DOT_STATEMENT
    statement = parse_statement(text)
    assert_spans_cite(statement, text)
    assert [p.text for p in statement.paragraphs] == ["The situation has worsened.\nIt keeps worsening."]
    assert statement.addressee_line.text == "Therefore we call on the European Union to:"
    assert statement.addressee.text == "European Union"
    assert [(d.number, d.text.text) for d in statement.demands] == [
        (1, "Impose sanctions"),
        (2, "Freeze assets"),
        (3, "Monitor the elections."),
    ]
    assert [s.text for s in statement.signatories] == [
        "Coalition for Democracy",
        "Zúñiga Foundation",
        "“Open Door” Initiative",
    ]
    assert statement.body.text.endswith("“Open Door” Initiative")
    assert statement.footer.text == "Share this:\nFacebook\n© 2024 Some Site"


def test_statement_with_paren_numbering_and_no_footer():
    text = "Context.\n\nWe urge the authorities to:\n1) Release the detainees;\n(2) Stop the raids\n   at once.\n\nGroup A\nGroup B\n"
    statement = parse_statement(text)
    assert_spans_cite(statement, text)
    assert statement.addressee.text == "authorities"
    assert [(d.number, d.text.text) for d in statement.demands] == [
        (1, "Release the detainees"),
        (2, "Stop the raids\n   at once."),  # a hard-wrapped demand goes on until its sentence ends
    ]
    assert [s.text for s in statement.signatories] == ["Group A", "Group B"]
    assert statement.footer is None
    assert statement.body.text == text.rstrip()


def test_statement_signatories_one_per_block():
    text = (
        "Context.\n\nWe, the undersigned organizations, strongly demand that the Parliament:\n\n"
        "1 - Reject the bill.\n\nSignatories:\n\n1. Alpha NGO\n\n2. Beta Center\n\n- Gamma Union\n\n"
        "Some unrelated headline that runs to more than twelve words and so is clearly not a name\n\n"
        "Beta Center again\n"
    )
    statement = parse_statement(text)
    assert_spans_cite(statement, text)
    assert statement.addressee.text == "Parliament"
    assert [d.text.text for d in statement.demands] == ["Reject the bill."]
    assert [s.text for s in statement.signatories] == ["Alpha NGO", "Beta Center", "Gamma Union"]
    assert statement.footer.text.startswith("Some unrelated headline")


def test_statement_one_per_block_stops_at_prose_and_boilerplate():
    text = "We appeal to the UN to:\n(1) Act.\n\nAlpha\n\nBeta\n\nRead more: https://example.org\n\nGamma\n"
    statement = parse_statement(text)
    assert_spans_cite(statement, text)
    assert statement.paragraphs == []
    assert statement.body.start == 0
    assert [s.text for s in statement.signatories] == ["Alpha", "Beta"]
    assert statement.footer.text.startswith("Read more")


def test_statement_block_list_stops_at_first_blank_line():
    text = "We demand from the Government to:\n1 — Resign.\nAlpha\nBeta\n\nGamma headline\n"
    statement = parse_statement(text)
    assert [s.text for s in statement.signatories] == ["Alpha", "Beta"]
    assert statement.footer.text == "Gamma headline"


def test_statement_without_signatories():
    text = "We demand from the Government to:\n1 – Resign;\n\nLeave a Comment\n"
    statement = parse_statement(text)
    assert_spans_cite(statement, text)
    assert statement.signatories == []
    assert statement.body.text == "We demand from the Government to:\n1 – Resign;"
    assert statement.footer.text == "Leave a Comment"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("\n  \n", "empty"),
        ("We are concerned.\n\n1 – Do something.\n", "no addressee line"),
        ("We demand from the Government to:\n\nAlpha NGO\n", "no numbered demands"),
        ("We demand from the Government to:\n1 – A;\n3 – C.\n", "demand numbered 3 on line 3, expected 2"),
        ("We call on X to:\n2. B.\n", "demand numbered 2 on line 2, expected 1"),
        ("We call on X to:\n1. ;\n", "demand 1 on line 2 has no text"),
    ],
)
def test_statement_errors(text, message):
    with pytest.raises(ParseError, match="statement: .*") as error:
        parse_statement(text)
    assert message in str(error.value)
