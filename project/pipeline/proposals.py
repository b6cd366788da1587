"""Proposed events: every dated sentence of a document's prose becomes a draft Event for curators.

A proposal is a draft (``review_state`` draft, so the public API never shows it until a curator
publishes it), cited by its whole sentence, dated as precisely as the sentence says (relative
dates resolved against the nearest date the document states before it, with ``date_basis``
saying how), linked to the actors and places the sentence names that are already known, and
attributed to the actor the sentence gives as its source ("According to X", "X announced").
"""

import re
from dataclasses import dataclass

from actors.models import Actor, ActorAlias
from events.models import Event, Place, PlaceAlias
from project.records.dates import edtf_bounds

from .naming import unique_slug
from .parsers import Span
from .parsers.dates import Point, dates_in

# Where a sentence ends: a stop (and a closing quote) before a space and a capital, a digit or an
# opening quote; never after an initial or a short abbreviation ("Dr", "c.", "St.").
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?(?=\s+[A-Z0-9“\"‘])")
NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Dr|Mr|Mrs|Ms|St|c|ca|No|vs|Jr|Sr|Gen|Col|Lt))\.$")

# Words that say the sentence reports someone's claim, and where the claimant stands.
CLAIM_AFTER = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)
CLAIM_BEFORE = re.compile(
    r"^(?:\s*,[^,.]{0,80},|\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,5})?\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:announced|said|stated|claimed|alleged|accused|reported|declared|told)\b",
    re.IGNORECASE,
)

EVENT_KIND_WORDS = [
    (re.compile(r"\b(?:arrest(?:ed|s)?|detained)\b", re.I), Event.Kind.ARREST),
    (re.compile(r"\bcharged?\b", re.I), Event.Kind.CHARGE),
    (re.compile(r"\basked\b[^.]*\bto\b|\brequest(?:ed)?\b", re.I), Event.Kind.REQUEST),
    (re.compile(r"\bwithdr[ae]w", re.I), Event.Kind.WITHDRAWAL),
    (re.compile(r"\b(?:signed|agreement|treaty)\b", re.I), Event.Kind.AGREEMENT),
    (re.compile(r"\bprotests?\b", re.I), Event.Kind.PROTEST),
    (re.compile(r"\bannounce[sd]?\b", re.I), Event.Kind.ANNOUNCEMENT),
    (re.compile(r"\b(?:visit(?:ed)?|hosting|hosted)\b", re.I), Event.Kind.VISIT),
    (re.compile(r"\b(?:exercises?|drills?)\b", re.I), Event.Kind.MILITARY_EXERCISE),
    (re.compile(r"\btrain(?:ed|ing)\b", re.I), Event.Kind.TRAINING),
    (re.compile(r"\brecruit(?:ed|ment)?\b", re.I), Event.Kind.RECRUITMENT),
    (re.compile(r"\b(?:offensive|military\s+operations?|invasion|attack(?:ed)?)\b", re.I), Event.Kind.MILITARY_OPERATION),
    (re.compile(r"\baid\b", re.I), Event.Kind.AID),
    (re.compile(r"\b(?:said|stated|statement|called)\b", re.I), Event.Kind.STATEMENT),
]  # fmt: skip

PROPOSAL_NOTE = (
    "Proposed by ingest from a dated sentence of {document}: check the kind, the summary (the "
    "sentence itself), the actors and the attribution before publishing."
)


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of ``span`` (a paragraph or a section), each a span of ``text``, trimmed."""
    found, start = [], span.start
    for line_start, line_end in _lines(text, span.start, span.end):
        start = line_start
        for match in SENTENCE_END.finditer(text, line_start, line_end):
            if NOT_AN_END.search(text[max(start, match.start() - 5) : match.start()]):
                continue
            found.append(_trimmed(text, start, match.end()))
            start = match.end()
        found.append(_trimmed(text, start, line_end))
    return [sentence for sentence in found if sentence is not None]


def _lines(text: str, start: int, end: int):
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        yield position, stop
        position = stop + 1


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text[start:end], start, end) if end > start else None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    record: object


class Names:
    """The known records of one model by every name and alias, found in text by whole words."""

    def __init__(self, model, alias_model, owner: str):
        self.records: dict[str, object] = {}
        for record in model.objects.only("pk", "slug", "name").order_by("slug"):
            self.records.setdefault(record.name.casefold(), record)
        for alias in alias_model.objects.select_related(owner).order_by(f"{owner}__slug", "name"):
            self.records.setdefault(alias.name.casefold(), getattr(alias, owner))
        ordered = sorted(self.records, key=len, reverse=True)  # the longest name wins an overlap
        # Not inside a longer proper name: "Strelsau" in "the Strelsau Institute" is no place.
        self.pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)(?!(?-i:\s+[A-Z]))",
                re.IGNORECASE,
            )
            if ordered
            else None
        )

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        if self.pattern is None:
            return []
        return [
            Mention(m.start(), m.end(), self.records[m.group(0).casefold()])
            for m in self.pattern.finditer(text, start, end)
        ]


def claimant(text: str, sentence: Span, mentions: list[Mention]) -> Actor | None:
    """The actor the sentence gives as the source of what it reports, if it gives one."""
    for mention in mentions:
        before = text[sentence.start : mention.start]
        after = text[mention.end : sentence.end]
        if CLAIM_AFTER.search(before) or CLAIM_BEFORE.match(after):
            return mention.record
    return None


def event_kind(sentence: str) -> str:
    for pattern, kind in EVENT_KIND_WORDS:
        if pattern.search(sentence):
            return kind
    return Event.Kind.OTHER


def propose_events(ingester, passages: list[tuple[Span, object]], reference: Point | None) -> None:
    """Make a draft event of every dated sentence in ``passages`` (span, conflict or None).

    ``reference`` is the date relative words resolve against before the text states one.
    """
    document = ingester.document
    text = document.text
    actor_names, place_names = Names(Actor, ActorAlias, "actor"), Names(Place, PlaceAlias, "place")
    # The frame is the date the document is about: its own date, else the first it states in full.
    # "Last year" and "the same day" resolve against it; each passage's months without a year
    # start from it too, then from the nearest date the passage states.
    frame = reference
    for passage, conflict in passages:
        reference = frame
        for sentence in sentences(text, passage):
            found = list(dates_in(text, sentence.start, sentence.end, reference, frame))
            if frame is None:
                frame = next((date.explicit for date in found if date.explicit), None)
            for date in found:
                if date.explicit is not None:
                    reference = date.explicit
            if not found:
                continue
            # The most precise date the sentence gives ("Last year, also in September": the
            # month), the first of equals.
            first = min(found, key=lambda date: _width(date.edtf))
            actors = actor_names.find(text, sentence.start, sentence.end)
            places = place_names.find(text, sentence.start, sentence.end)
            basis = first.basis or f'As the sentence states it: "{first.words}".'
            event = Event(
                slug=_slug(document, sentence),
                conflict=conflict,
                kind=event_kind(sentence.text),
                summary=sentence.text,
                date=first.edtf,
                date_basis=basis,
                place=places[0].record if places else None,
                attributed_to=claimant(text, sentence, actors),
                curator_note=PROPOSAL_NOTE.format(document=document.slug),
            )
            event.full_clean()
            event.save()
            event.actors.add(*{mention.record for mention in actors})
            event.citations.add(*ingester.cite(sentence))
            ingester.result.count("proposed events")


def _width(edtf: str) -> int:
    earliest, latest = edtf_bounds(edtf)
    if earliest is None or latest is None:
        return 10**6  # an open end is the least precise
    return (latest - earliest).days


def _slug(document, sentence: Span) -> str:
    return unique_slug(Event, f"{document.slug[:60]} {sentence.start} {' '.join(sentence.text.split()[:8])}")
