"""Parse a news report or a press release into a ``Prose`` of spans.

The form::

    Headline                                  (the first non-blank line; "= Title =" works too)

    CITY, 26 July 2031 (Agency) — First paragraph ...      (the dateline is optional)

    Another paragraph.

    ENDS                                      (or "###", "For media enquiries", a site's footer)

Blocks of one short line without sentence punctuation between the headline and the first
paragraph ("PRESS RELEASE", "By Jane Doe") are neither title nor prose. The dateline is the
start of the first paragraph up to a dash ("—", "–", or " - ") within its first 160 characters,
when that start holds no sentence (it names a place, an issuer, a date or an agency).
"""

import re

from . import ParseError, Prose, Span
from ._text import span, split_lines
from .statement import BOILERPLATE_RE

FOOTER_RE = re.compile(
    r"^\s*(?:ends\s*$|#{3}\s*$|-\s*30\s*-\s*$|-{3,}\s*$|for\s+(?:media|press|more)\s+\w+|media\s+contacts?\b"
    r"|press\s+contacts?\b|contacts?\s*:|notes?\s+to\s+editors?\b|about\s+the\s+ministry\b|\(reporting\s+by\b)",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(r"^(?P<line>[^.!?\n]{2,160}?)\s+(?:—|–|-{1,2})\s+(?=\S)")
TITLE_MARKS = re.compile(r"^\s*=\s*(?P<title>.*?)\s*=\s*$")


def parse_prose(text: str) -> Prose:
    """Parse ``text`` (a headline and paragraphs) into spans of it; raises ``ParseError`` when empty."""
    lines = split_lines(text)
    blocks: list[list] = []
    for line in lines:
        if line.blank:
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        if not blocks:
            blocks.append([])
        blocks[-1].append(line)
    blocks = [block for block in blocks if block]
    if not blocks:
        raise ParseError("prose: the text is empty")
    headline = blocks[0][0]
    marked = TITLE_MARKS.match(headline.text)
    title = (
        span(text, headline.start + marked.start("title"), headline.start + marked.end("title"))
        if marked
        else span(text, headline.start, headline.end)
    )
    if title is None:
        raise ParseError("prose: the headline (the first line) has no words")
    rest = [block[1:] if index == 0 else block for index, block in enumerate(blocks)]
    rest = [block for block in rest if block]
    paragraphs: list[Span] = []
    footer_start = None
    for block in rest:
        first = block[0]
        if FOOTER_RE.match(first.text) or BOILERPLATE_RE.match(first.text):
            footer_start = first.start
            break
        paragraph = span(text, first.start, block[-1].end)
        if not paragraphs and len(block) == 1 and not re.search(r"[.!?”\"]\s*$", first.text):
            continue  # "PRESS RELEASE", "By Jane Doe": no prose
        paragraphs.append(paragraph)
    if not paragraphs:
        raise ParseError("prose: no paragraph after the headline")
    dateline = None
    match = DATELINE_RE.match(paragraphs[0].text)
    if match and not re.search(r"\b(?:said|says|announced|is|are|was|were)\b", match.group("line")):
        dateline = Span(
            match.group("line"), paragraphs[0].start, paragraphs[0].start + len(match.group("line"))
        )
        rest_start = paragraphs[0].start + match.end()
        paragraphs[0] = Span(text[rest_start : paragraphs[0].end], rest_start, paragraphs[0].end)
    body_end = paragraphs[-1].end
    return Prose(
        title=title,
        dateline=dateline,
        paragraphs=paragraphs,
        body=Span(text[title.start : body_end], title.start, body_end),
        footer=span(text, footer_start, len(text)) if footer_start is not None else None,
    )
