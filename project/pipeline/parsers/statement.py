"""Parse a joint statement (as republished on a web page) into a ``Statement`` of spans.

The form (see ``documents/seeds/armenian-ngos-joint-statement-russian-coup.txt``)::

    Context paragraph.                    (blocks of non-blank lines)

    ..., we demand from the Government of X to:

    1 – First demand;                     (also "1.", "1)", "(1)", "1 -", "1 —")
    2 – Second demand.

    Signatory One                         (one per line)
    Signatory Two

    Leave a Reply ...                     (the web page's footer, not part of the statement)

Reading rules:

* The addressee line is the first line that ends a phrase such as "we demand from X to:",
  "we call on/upon X to:", "we urge X to:", "we appeal to X to:", "we ask X to:",
  "we demand that X:" (case-insensitive; "we, the undersigned, strongly demand ..." works).
  ``addressee_line`` runs from the start of its paragraph to the end of that line; the
  paragraphs before it are the context ``paragraphs``. ``addressee`` is X without a leading "the".
* Demands are the numbered lines after it, blank lines allowed between them. A line that
  directly follows a demand whose text does not yet end in ".", ";", "!" or "?" continues that
  demand (a hard-wrapped demand). Numbers must run 1, 2, 3...; a "1" after a blank line
  once demands were read starts another list (e.g. numbered signatories) and ends the demands.
  The demand text excludes its marker and a trailing ";" or "," (a final "." is kept).
* Signatories are the non-blank lines after the demands. A first line ending in ":"
  ("Signatories:") is a heading, not a signatory. The list ends at a line that looks like web
  boilerplate ("Leave a Reply", "Share this", "©", ...) or at the first blank line after a
  signatory -- unless the list is written one name per block (its first block is a single
  line): then it goes on while each block is a single short line without sentence
  punctuation, and stops at the first block that is not. Bullets and numbers before a name are
  dropped, as is punctuation at its edges.
* ``body`` runs from the first paragraph to the end of the last signatory line; ``footer`` is
  whatever non-blank text follows, or None.
"""

import re

from . import DemandItem, ParseError, Span, Statement
from ._text import Line, clean_name, span, split_lines

# The phrase that names the addressee, ending its line with ":". One group per verb form
# (Python needs distinct group names); the addressee is whichever group matched.
ADDRESSEE_RE = re.compile(
    r"\bwe\b(?:\s*,[^,\n]{1,120},)?"  # "we" and an optional apposition: "we, the undersigned,"
    r"(?:\s+(?:\w+ly|therefore|hereby|also|again|thus|jointly|further))*\s+"  # adverbs
    r"(?:"
    r"(?:demand|request|require)\s+(?:from|of)\s+(?P<demand_from>[^:\n]+?)\s+to\b[^:\n]*"
    r"|(?:call|appeal)\s+(?:up)?on\s+(?P<call_on>[^:\n]+?)\s+to\b[^:\n]*"
    r"|appeal\s+to\s+(?P<appeal_to>[^:\n]+?)\s+to\b[^:\n]*"
    r"|(?:urge|ask|request|invite)\s+(?P<urge>[^:\n]+?)\s+to\b[^:\n]*"
    r"|(?:demand|insist|request)\s+that\s+(?P<demand_that>[^:\n]+?)(?:\s+(?:should|must|shall))?"
    r")\s*:\s*$",
    re.IGNORECASE,
)
ADDRESSEE_GROUPS = ("demand_from", "call_on", "appeal_to", "urge", "demand_that")

# A leading article before the addressee: "the Government of ..." -> "Government of ...".
LEADING_THE_RE = re.compile(r"\s*the\s+", re.IGNORECASE)  # used with .match(), which anchors

# A numbered demand: "1 – text", "1 - text", "1 — text", "1. text", "1) text", "(1) text".
DEMAND_RE = re.compile(
    r"^\s*(?:\((?P<paren>[0-9]{1,3})\)\s*|(?P<dash>[0-9]{1,3})\s*[–—-]\s*|(?P<dot>[0-9]{1,3})[.)]\s+)"
    r"(?P<text>.*)$"
)

# The end of a demand's text that is not part of it: a trailing ";" or "," (and whitespace).
DEMAND_TAIL_RE = re.compile(r"[\s;,]+$")

# A bullet or a number before a signatory's name: "- ", "• ", "1. ", "(2) ".
SIGNATORY_MARKER_RE = re.compile(r"^\s*(?:[-*•–—]|\(?[0-9]{1,3}[.)])\s+")

# Sentence punctuation at the end of a line: such a line is prose, not a one-line signatory block.
SENTENCE_END_RE = re.compile(r"[.!?:;…]\s*$|[.!?]\s+\S")

# The first line of a web page's boilerplate after an article.
BOILERPLATE_RE = re.compile(
    r"^\s*(?:"
    r"leave\s+a\s+(?:reply|comment)|share\s+this|share\s+on\b|sign\s+up\b|subscribe\b"
    r"|related(?:\s+(?:posts?|articles?|stories|news|content))?\s*:?\s*$"
    r"|you\s+(?:may|might)\s+also\s+like|(?:[0-9]+\s+)?comments?\s*(?:\([0-9]*\))?\s*:?\s*$"
    r"|©|\(c\)\s|copyright\b|read\s+more\b|tags?\s*:|posted\s+in\b|filed\s+under\b"
    r"|follow\s+us\b|previous\s+(?:post|article)\b|next\s+(?:post|article)\b|all\s+rights\s+reserved"
    r"|advertisement\s*$|print\s+this\b|email\s+this\b"
    r")",
    re.IGNORECASE,
)

# The longest one-line block still read as a signatory in a blank-line-separated list.
MAX_SIGNATORY_WORDS = 12
MAX_SIGNATORY_CHARS = 120


def parse_statement(text: str) -> Statement:
    """Parse ``text`` (a joint statement, perhaps followed by a web page's footer) into spans of it.

    Raises ``ParseError`` when there is no addressee line, no numbered demand after it, or
    the demands are not numbered 1, 2, 3...
    """
    lines = split_lines(text)
    if all(line.blank for line in lines):
        raise ParseError("statement: the text is empty")
    addressee_index, match = _addressee(lines)
    paragraph_index = _paragraph_start(lines, addressee_index)
    addressee_line_span = span(text, lines[paragraph_index].start, lines[addressee_index].end)
    addressee = _addressee_span(text, lines[addressee_index], match)

    demands, demand_end, next_index = _demands(text, lines, addressee_index)
    signatory_lines, signatories = _signatories(text, lines, next_index)

    paragraphs = _paragraphs(text, lines[:paragraph_index])
    body_start = paragraphs[0].start if paragraphs else addressee_line_span.start
    body_end = (
        span(text, signatory_lines[-1].start, signatory_lines[-1].end).end if signatories else demand_end
    )
    return Statement(
        paragraphs=paragraphs,
        addressee_line=addressee_line_span,
        addressee=addressee,
        demands=demands,
        signatories=signatories,
        body=Span(text[body_start:body_end], body_start, body_end),
        footer=span(text, body_end, len(text)),
    )


# --- addressee and paragraphs -------------------------------------------------------------


def _addressee(lines: list[Line]) -> tuple[int, re.Match]:
    for index, line in enumerate(lines):
        match = ADDRESSEE_RE.search(line.text)
        if match is not None:
            return index, match
    raise ParseError(
        "statement: no addressee line, a line ending in a phrase such as "
        "'we demand from X to:' or 'we call on X to:'"
    )


def _addressee_span(text: str, line: Line, match: re.Match) -> Span:
    group = next(name for name in ADDRESSEE_GROUPS if match.group(name) is not None)
    start, end = line.start + match.start(group), line.start + match.end(group)
    the = LEADING_THE_RE.match(text, start, end)
    if the is not None and the.end() < end:
        start = the.end()
    addressee = span(text, start, end)
    if addressee is None:  # the pattern needs a non-blank addressee, so this cannot happen
        raise ParseError(f"statement: the addressee on line {line.number} is empty")
    return addressee


def _paragraph_start(lines: list[Line], index: int) -> int:
    """The index of the first line of the paragraph that holds ``lines[index]``."""
    while index > 0 and not lines[index - 1].blank:
        index -= 1
    return index


def _paragraphs(text: str, lines: list[Line]) -> list[Span]:
    """The blocks of non-blank lines, each a span from its first to its last line."""
    paragraphs = []
    block_start = None
    for line in [*lines, None]:
        if line is not None and not line.blank:
            if block_start is None:
                block_start = line.start
            block_end = line.end
        elif block_start is not None:
            paragraphs.append(span(text, block_start, block_end))
            block_start = None
    return paragraphs


# --- demands ------------------------------------------------------------------------------


def _demands(text: str, lines: list[Line], addressee_index: int) -> tuple[list[DemandItem], int, int]:
    """The demands after the addressee line, where they end, and the index of the first line after them."""
    found: list[tuple[int, Line, int, int]] = []  # number, first line, text start, text end
    index = addressee_index + 1
    after_blank = False
    while index < len(lines):
        line = lines[index]
        if line.blank:
            after_blank = True
            index += 1
            continue
        match = DEMAND_RE.match(line.text)
        if match is not None:
            number = int(match.group("paren") or match.group("dash") or match.group("dot"))
            if found and number == 1 and after_blank:
                break  # another numbered list begins (numbered signatories)
            if number != len(found) + 1:
                raise ParseError(
                    f"statement: demand numbered {number} on line {line.number}, expected {len(found) + 1}"
                )
            found.append((number, line, line.start + match.start("text"), line.end))
        elif found and not after_blank and _continues(text, found[-1], line):
            number, first, start, _ = found[-1]
            found[-1] = (number, first, start, line.end)
        else:
            break
        after_blank = False
        index += 1
    if not found:
        where = lines[addressee_index].number
        raise ParseError(
            f"statement: no numbered demands ('1 –', '1.', '1)') after the addressee line {where}"
        )
    demands = [_demand(text, *entry) for entry in found]
    return demands, span(text, found[-1][2], found[-1][3]).end, index


def _continues(text: str, demand: tuple[int, Line, int, int], line: Line) -> bool:
    """Whether ``line`` continues a hard-wrapped demand: the demand has not ended its sentence yet."""
    _, _, start, end = demand
    so_far = text[start:end].rstrip()
    return not so_far.endswith((".", ";", "!", "?")) and not BOILERPLATE_RE.match(line.text)


def _demand(text: str, number: int, line: Line, start: int, end: int) -> DemandItem:
    tail = DEMAND_TAIL_RE.search(text, start, end)
    demand_text = span(text, start, tail.start() if tail else end)
    if demand_text is None:
        raise ParseError(f"statement: demand {number} on line {line.number} has no text")
    return DemandItem(number=number, text=demand_text)


# --- signatories --------------------------------------------------------------------------


def _signatories(text: str, lines: list[Line], index: int) -> tuple[list[Line], list[Span]]:
    """The lines read as signatories from ``lines[index]`` on, and their cleaned names."""
    index = _next_block(lines, index)
    if index is not None and _is_heading(lines[index]):
        index = _next_block(lines, index + 1)
    taken: list[Line] = []
    one_per_block = False
    while index is not None and index < len(lines):
        line = lines[index]
        if BOILERPLATE_RE.match(line.text):
            break
        if line.blank:
            if len(taken) == 1:
                one_per_block = True  # the first block was a single line: one name per block
            following = _next_block(lines, index) if one_per_block else None
            if following is None or not _is_one_line_signatory(following, lines):
                break
            index = following
            continue
        taken.append(line)
        index += 1
    named = [(line, name) for line in taken if (name := _signatory_name(text, line)) is not None]
    return [line for line, _ in named], [name for _, name in named]


def _is_heading(line: Line) -> bool:
    """A line such as "Signatories:" that introduces the list."""
    return line.text.rstrip().endswith(":") and not BOILERPLATE_RE.match(line.text)


def _next_block(lines: list[Line], index: int) -> int | None:
    while index < len(lines) and lines[index].blank:
        index += 1
    return index if index < len(lines) else None


def _is_one_line_signatory(index: int, lines: list[Line]) -> bool:
    """Whether ``lines[index]`` is a block of one short line that reads like a name, not prose."""
    line = lines[index]
    if index + 1 < len(lines) and not lines[index + 1].blank:
        return False
    marker = SIGNATORY_MARKER_RE.match(line.text)
    name = line.text[marker.end() if marker else 0 :].strip()
    return (
        0 < len(name.split()) <= MAX_SIGNATORY_WORDS
        and len(name) <= MAX_SIGNATORY_CHARS
        and not SENTENCE_END_RE.search(name)
        and not BOILERPLATE_RE.match(line.text)
    )


def _signatory_name(text: str, line: Line) -> Span | None:
    marker = SIGNATORY_MARKER_RE.match(line.text)
    start = line.start + (marker.end() if marker else 0)
    return clean_name(text, start, line.end)
