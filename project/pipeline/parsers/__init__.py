"""Parsers for the kinds of source document: each returns spans of the text it was given.

Every value a parser extracts is a ``Span`` of the original text, so every stored
fact can cite the exact words it came from: ``text[span.start:span.end] == span.text``.
"""

from dataclasses import dataclass, field


class ParseError(ValueError):
    """The document could not be parsed; the message names what is wrong and where."""


@dataclass(frozen=True)
class Span:
    """A verbatim piece of the parsed text: ``text[start:end] == self.text``."""

    text: str
    start: int
    end: int


# --- encyclopedia article ---------------------------------------------------------------


@dataclass(frozen=True)
class SideMember:
    """One entry of an infobox ``CombatantN`` line, cleaned of flag-icon leftovers.

    ``name`` is None when the source lost it (a supporter line such as
    "Supported by:, (per Armenia)" whose flag icon carried the name).
    ``alleged_by`` is the X of a following "(per X)".
    """

    name: Span | None
    role: str  # "belligerent" or "supporter" (the entries after "Supported by:")
    alleged_by: Span | None = None


@dataclass(frozen=True)
class Section:
    title: Span
    body: Span  # from the line after the heading to the next heading (stripped of blank lines)


@dataclass(frozen=True)
class SeeAlso:
    name: Span
    is_conflict: bool  # coups, attempts, allegations, wars...; not relations, sentiment, lists


@dataclass
class Article:
    title: Span
    infobox: dict[str, Span] = field(default_factory=dict)  # every "- Key: Value" line, raw value
    conflict: Span | None = None
    part_of: Span | None = None
    date: Span | None = None
    places: list[Span] = field(default_factory=list)
    status: Span | None = None
    result: Span | None = None
    combatants: dict[int, list[SideMember]] = field(default_factory=dict)
    commanders: dict[int, list[Span]] = field(default_factory=dict)
    casualties: dict[int, list[Span]] = field(default_factory=dict)
    lead: Span | None = None  # the prose between the infobox and the first section
    sections: list[Section] = field(default_factory=list)
    see_also: list[SeeAlso] = field(default_factory=list)


# --- joint statement --------------------------------------------------------------------


@dataclass(frozen=True)
class DemandItem:
    number: int
    text: Span  # the demand without its number marker and without a trailing ";"


@dataclass
class Statement:
    paragraphs: list[Span]  # context paragraphs before the addressee line
    addressee_line: Span  # "... we demand from the Government of X to:"
    addressee: Span  # "the Government of X" without the leading article: "Government of X"
    demands: list[DemandItem]
    signatories: list[Span]
    body: Span  # the statement proper: from the first paragraph to the last signatory
    footer: Span | None  # the publishing site's boilerplate after the statement, if any


# --- news report, press release ---------------------------------------------------------


@dataclass
class Prose:
    title: Span
    dateline: Span | None  # "NIAMEY, 26 July 2031 (Sahel Wire) —": where and when, not an event
    paragraphs: list[Span]
    body: Span  # from the title to the end of the last paragraph
    footer: Span | None  # "ENDS", a contact block, a site's boilerplate
