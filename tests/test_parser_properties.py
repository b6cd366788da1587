"""For any text, each parser returns spans that cite the text exactly, or raises ParseError: nothing else."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from project.pipeline.mentions import names_in
from project.pipeline.parsers import ParseError
from project.pipeline.parsers.article import parse_article
from project.pipeline.parsers.dates import dates_in, valid
from project.pipeline.parsers.prose import parse_prose
from project.pipeline.parsers.statement import parse_statement
from tests.spans import assert_spans_cite

SEEDS = Path(__file__).resolve().parent.parent / "documents" / "seeds"


def _seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as file:
            lines.extend(line for line in file.read().split("\n") if line.strip())
    return lines


SEED_LINES = _seed_lines()

# The markers each parser reacts to, alone and in the odd combinations a broken page produces.
MARKERS = [
    "= ",
    " =",
    "==",
    "===",
    "= Title =",
    "== See also ==",
    "Infobox",
    "- ",
    "* ",
    "- Combatant1:",
    "- Combatant2: ",
    "- Commander1:",
    "- Casualties1:",
    "- Place:",
    "- Partof:",
    "Supported by:",
    "supported by",
    "(per",
    "(per ",
    ")",
    "(",
    ",",
    ";",
    "20px",
    "23x15px",
    "“",
    "”",
    "'",
    "1 –",
    "2 –",
    "1.",
    "1)",
    "(1)",
    "3 -",
    "we demand from",
    "We demand from the Government of X to:",
    "we call on",
    "we urge",
    " to:",
    "the ",
    ":",
    "Signatories:",
    "Leave a Reply",
    "Share this:",
    "©",
    "Zúñiga",
    "–",
    " ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    # news reports and press releases, and the words ingest reads claims and dates from
    "STRELSAU, 4 May 2031 (Wire) — ",
    " — ",
    "ENDS",
    "###",
    "For media enquiries:",
    "According to the junta, ",
    " said",
    ", the ministry said.",
    "'s lawyer denied",
    "his lawyer ",
    " rejected the accusation",
    "General ",
    "President ",
    "Minister of Foreign Affairs ",
    "the Ambassador of ",
    "Republic of ",
    " (ABC)",
    " and ",
    "’s ",
    "later that day",
    "on Tuesday",
    "the following week",
    "two days later",
    "earlier that month",
    "last year",
    "On 31 February 2031",
    "9999",
]

fragments = st.one_of(
    st.sampled_from(MARKERS),
    st.sampled_from(SEED_LINES),
    st.sampled_from(SEED_LINES).flatmap(lambda line: st.sampled_from(line.split() or [line])),
    st.text(max_size=8),
)
documents = st.one_of(
    st.text(max_size=200),
    st.lists(fragments, max_size=40).map("".join),
    st.lists(st.lists(fragments, max_size=6).map("".join), max_size=25).map("\n".join),
)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parses_or_refuses(parser, text: str) -> None:
    try:
        result = parser(text)
    except ParseError as error:
        assert str(error), "a ParseError must say what is wrong"
        return
    assert_spans_cite(result, text)


@PROPERTY_SETTINGS
@given(documents)
def test_article_parser_cites_or_refuses(text):
    _parses_or_refuses(parse_article, text)


@PROPERTY_SETTINGS
@given(documents)
def test_statement_parser_cites_or_refuses(text):
    _parses_or_refuses(parse_statement, text)


@PROPERTY_SETTINGS
@given(st.lists(fragments, max_size=12).map("".join), st.lists(fragments, max_size=12).map("".join))
def test_article_infobox_values_cite_or_refuse(left, right):
    # An article that gets past the title line, so the infobox and sections are exercised.
    text = f"= T =\nInfobox\n- Combatant1: {left}\n- Commander1: {right}\n- Casualties1: {left}\n\n== See also ==\n- {right}\n"
    _parses_or_refuses(parse_article, text)


@PROPERTY_SETTINGS
@given(st.lists(fragments, max_size=12).map("".join), st.lists(fragments, max_size=20).map("".join))
def test_statement_tail_cites_or_refuses(middle, tail):
    # A statement that gets past the addressee line, so demands, signatories and footer are exercised.
    text = f"Context.\n\nWe demand from the Government to:\n1 – {middle}\n{tail}"
    _parses_or_refuses(parse_statement, text)


@PROPERTY_SETTINGS
@given(documents)
def test_prose_parser_cites_or_refuses(text):
    _parses_or_refuses(parse_prose, text)


@PROPERTY_SETTINGS
@given(documents)
def test_names_and_dates_in_any_prose_stay_inside_it_and_are_valid(text):
    for name in names_in(text, 0, len(text)):
        assert 0 <= name.start <= name.end <= len(text) and name.name.strip()
    for date in dates_in(text):
        assert text[date.start : date.end] == date.words
        assert date.edtf is None or valid(date.edtf), date
        assert date.edtf is not None or date.basis, "an unread date says why"
