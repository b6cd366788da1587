"""Dates as sources write them ("3–5 March 2021", "September 19, 2023", "c. 2019", "last year"), read as EDTF.

Two readers:

* :func:`infobox_date` reads an infobox ``Date`` value, which is a date or a range and nothing
  else: single days, months and years, ranges within a month ("3–5 March 2021") or across
  months and years ("26 June – 2 July 2024"), "c." (approximate: EDTF ``~``) and "–present"
  (an open end: ``2020/..``).
* :func:`dates_in` finds the dates in running prose, in order, and resolves the relative ones
  ("the same day", "last year", "in August", "on September 20") against the nearest explicit
  date before them, saying how in ``basis``.

Nothing is made more precise than the words: "in 2024" is ``2024``, "in August" (after a
sentence of 2024) is ``2024-08``. Every result is checked by the same EDTF rules as stored dates.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from project.records.dates import edtf_bounds

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH = r"(?:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"
YEAR = r"\d{4}"
DAY = r"[0-3]?\d"
DASH = r"\s*(?:–|—|-|to|until)\s*"
APPROXIMATE = re.compile(r"^\s*(?:c\.|ca\.|circa|approximately|about)\s*", re.IGNORECASE)
PRESENT = re.compile(r"^(?:present|now|ongoing|today)$", re.IGNORECASE)


@dataclass(frozen=True)
class Point:
    """A date as far as the words go: a year, a month of a year, or a day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def edtf(self, approximate: bool = False) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text + ("~" if approximate else "")

    def filled_from(self, other: "Point") -> "Point":
        """The start of a range takes the month and year its end gives ("3–5 March 2021")."""
        return Point(
            year=self.year or other.year,
            month=self.month or (other.month if self.day else None),
            day=self.day,
        )


POINT_FORMS = [
    re.compile(rf"^(?P<day>{DAY})\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?$", re.IGNORECASE),
    re.compile(rf"^(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?$", re.IGNORECASE),
    re.compile(rf"^(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?$", re.IGNORECASE),
    re.compile(rf"^(?P<year>{YEAR})$"),
    re.compile(rf"^(?P<day>{DAY})$"),
]


def _point(text: str) -> Point | None:
    text = text.strip().rstrip(".,;")
    for form in POINT_FORMS:
        match = form.match(text)
        if match:
            parts = match.groupdict()
            return Point(
                year=int(parts["year"]) if parts.get("year") else None,
                month=MONTHS[parts["month"].lower().rstrip(".")] if parts.get("month") else None,
                day=int(parts["day"]) if parts.get("day") else None,
            )
    return None


def valid(edtf: str) -> bool:
    try:
        edtf_bounds(edtf)
    except (ValidationError, ValueError, OverflowError):
        return False
    return True


def infobox_date(value: str) -> str | None:
    """The EDTF date of an infobox ``Date`` value, or None when it is not a date this reads."""
    value = " ".join(value.split())
    approximate = bool(APPROXIMATE.match(value))
    value = APPROXIMATE.sub("", value)
    parts = re.split(DASH, value, maxsplit=1) if not re.fullmatch(YEAR, value) else [value]
    if len(parts) == 1:
        point = _point(value)
        if point is None or point.year is None:
            return None
        edtf = point.edtf(approximate)
    else:
        start, end_text = _point(parts[0]), parts[1].strip()
        if start is None:
            return None
        if PRESENT.match(end_text):
            if start.year is None:
                return None
            edtf = f"{start.edtf(approximate)}/.."
        else:
            end = _point(APPROXIMATE.sub("", end_text))
            if end is None or end.year is None:
                return None
            start = start.filled_from(end)
            if start.year is None:
                return None
            edtf = f"{start.edtf(approximate)}/{end.edtf(approximate)}"
    return edtf if valid(edtf) else None


def status_is_ongoing(value: str) -> bool:
    """An infobox date that runs "–present" says the conflict is ongoing."""
    return bool(re.search(r"(?:–|—|-|to)\s*present\s*$", value.strip(), re.IGNORECASE))


# --- dates in prose ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProseDate:
    """A date found in prose: where its words are, its EDTF value, and how it was resolved.

    ``edtf`` is None when the words say a date but it cannot be read (a relative day with no day
    before it): the sentence is still dated words, and ``basis`` says why it stays undated.
    """

    start: int
    end: int
    words: str
    edtf: str | None
    basis: str  # empty when the words state the date in full
    explicit: Point | None  # the date the words state in full, a reference for what follows
    anchor: Point | None = None  # the day a relative day resolved to: a reference for what follows
    background: bool = False  # an aside ("since 2049", "an army formed in 2049"), not the sentence's date


NUMBER = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
NUMBER_VALUES = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
WEEKDAY = r"(?:" + "|".join(calendar.day_name) + r")"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"

# Order matters: the fuller form is tried first at each place in the text.
PROSE_FORMS = [
    ("day_month_year", rf"\b(?P<day>{DAY})\s+(?P<month>{MONTH})\s+(?P<year>{YEAR})\b"),
    ("month_day_year", rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b"),
    ("month_year", rf"\b(?P<month>{MONTH})\s+(?P<year>{YEAR})\b"),
    # "on 12 December last year": that day of the year before the writer's
    (
        "day_last_year",
        rf"\b(?:(?P<day>{DAY})\s+(?P<month>{MONTH})|(?P<month2>{MONTH})\s+(?P<day2>{DAY}),?)\s+last\s+year\b",
    ),
    ("month_day", rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY})\b(?!\s*,?\s*\d)"),
    ("day_month", rf"\b(?P<day>{DAY})\s+(?P<month>{MONTH})\b"),
    (
        "same_day",
        rf"\b(?:(?:on\s+)?the\s+same\s+(?:day|{PART_OF_DAY})|that\s+same\s+day|(?:later|earlier)\s+that\s+day"
        rf"|(?:later|earlier)\s+in\s+the\s+day|(?:later\s+|earlier\s+)?that\s+day|(?:later\s+|earlier\s+)?that\s+{PART_OF_DAY}"
        rf"|(?:{NUMBER}\s+|several\s+|a\s+few\s+)?hours\s+(?:later|earlier)|(?:about\s+)?(?:an|one|half\s+an)\s+hour\s+(?:later|earlier)|within\s+hours|at\s+(?:about\s+|around\s+)?\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:[ap]\.m(?=\.)|[ap]m\b)(?!\.?\s+(?:on|the|that|of)\b)|before\s+dawn(?!\s+(?:on|the|that|of)\b)|(?:in|during)\s+the\s+(?:early\s+|late\s+)?{PART_OF_DAY}(?!\s+(?:on|of)\b))\b",
    ),
    (
        "next_day",
        rf"\b(?:the\s+(?:next|following)\s+(?:day|{PART_OF_DAY})|the\s+day\s+after)\b(?!\s+\w+\s+\d)",
    ),
    # "earlier today", "this morning": the writer's day
    ("today", rf"\b(?:(?:earlier|later)\s+)?today\b|\btonight\b|\bthis\s+{PART_OF_DAY}\b"),
    # "yesterday": the day before the writer's
    ("yesterday", r"\byesterday\b"),
    (
        "previous_day",
        rf"\b(?:the\s+(?:previous|preceding)\s+(?:day|{PART_OF_DAY})|the\s+day\s+before|the\s+{PART_OF_DAY}\s+before(?=\s*[,.;]|\s*$))\b",
    ),
    ("days_later", rf"\b(?P<n>{NUMBER})\s+days?\s+(?:later|afterwards|after\s+that)\b"),
    # "two days before, they met"; "three days before the vote" counts from the vote, not the story
    ("days_earlier", rf"\b(?P<n>{NUMBER})\s+days?\s+(?:earlier|before(?=\s*[,.;]|\s*$))"),
    ("weeks_later", rf"\b(?P<n>{NUMBER})\s+weeks?\s+(?:later|afterwards)\b"),
    ("next_week", r"\b(?:the\s+(?:following|next)\s+week|the\s+week\s+after|next\s+week)\b"),
    ("last_week", r"\b(?:last\s+week|the\s+(?:previous|preceding)\s+week|the\s+week\s+before)\b"),
    ("earlier_month", r"\b(?:earlier\s+(?:that|this|the\s+same)\s+month|earlier\s+in\s+the\s+month)\b"),
    ("later_month", r"\b(?:later\s+(?:that|this|the\s+same)\s+month|later\s+in\s+the\s+month)\b"),
    ("last_month", r"\blast\s+month\b"),
    ("earlier_year", r"\b(?:earlier\s+(?:that|this|the\s+same)\s+year|earlier\s+in\s+the\s+year)\b"),
    ("later_year", r"\b(?:later\s+(?:that|this|the\s+same)\s+year|later\s+in\s+the\s+year)\b"),
    ("last_year", r"\blast\s+year\b"),
    ("next_year", r"\bthe\s+(?:following|next)\s+year\b"),
    ("this_year", r"\b(?:this\s+year|that\s+year)\b"),
    # "on Tuesday", "at Sunday's parade"
    (
        "weekday",
        rf"\b(?:(?:on|last|since|by|until|of|from|before|spent)\s+|(?={WEEKDAY}['’]s\b))(?P<weekday>{WEEKDAY})\b",
    ),
    (
        "in_year",
        rf"\b(?:in|since|during|until|by|from|of)\s+(?:at\s+least\s+|early\s+|late\s+|mid-)?(?P<year>{YEAR})\b",
    ),
    # "in July last year": the month of the year before the writer's
    ("month_last_year", rf"\b(?:in\s+)?(?P<month>{MONTH})\s+last\s+year\b"),
    # "in February of this year": the month of the writer's year
    ("month_this_year", rf"\b(?:in\s+)?(?P<month>{MONTH})\s+(?:of\s+)?this\s+year\b"),
    # "the October elections": a month naming an occasion.
    ("month_of", rf"\bthe\s+(?P<month>{MONTH})\s+(?=(?:elections?|polls?|vote|referendum|summit|parade)\b)"),
    (
        "in_month",
        rf"\b(?:in|since|during|until|by|for|early|late|mid-?)\s+(?P<month>{MONTH})\b(?!\s+\d)(?!\s*,\s*\d)",
    ),
]
PROSE_RE = re.compile(
    "|".join(f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}_')})" for name, pattern in PROSE_FORMS),
    re.IGNORECASE,
)
# A month name alone is read as a month only beside a number or after a preposition ("in May"):
# "May" is also a verb and "March" a noun.
FRAME_KINDS = {
    "last_year",
    "this_year",
    "month_last_year",
    "month_this_year",
}  # the writer's "now": the date the document is about
# Words that point from the writer's "now" (deixis: "last week", "on Tuesday") rather than back to
# the story's last date (anaphora: "the previous week", "that day"): in a report they count from
# its dateline or publication date, wherever they stand.
DEICTIC = re.compile(
    r"^(?:last\s+week|next\s+week|(?:(?:on|last|since|by|until|of|from|before|spent)\s+)?\w+day|(?:(?:earlier|later)\s+)?today"
    r"|yesterday|tonight|this\s+(?:morning|afternoon|evening|night))$",
    re.IGNORECASE,
)
DAY_KINDS = {
    "today",
    "yesterday",
    "same_day",
    "next_day",
    "previous_day",
    "days_later",
    "days_earlier",
    "weeks_later",
    "weekday",
}
RANGE_KINDS = {
    "next_week",
    "last_week",
    "earlier_month",
    "later_month",
    "last_month",
    "earlier_year",
    "later_year",
    "next_year",
}
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")
AS_THE = re.compile(r"\s+as\s+the\b", re.IGNORECASE)


def _groups(match: re.Match, kind: str) -> Point:
    def get(part):
        value = match.group(f"{kind}_{part}") if f"{kind}_{part}" in match.re.groupindex else None
        return value

    month, day = get("month") or get("month2"), get("day") or get("day2")
    return Point(
        year=int(get("year")) if get("year") else None,
        month=MONTHS[month.lower().rstrip(".")] if month else None,
        day=int(day) if day else None,
    )


def dates_in(
    text: str,
    start: int = 0,
    end: int | None = None,
    reference: Point | None = None,
    frame: Point | None = None,
    day: Point | None = None,
    known: dict[tuple[int, int], int] | None = None,
):
    """Yield the dates in ``text[start:end]`` in order, resolving relative ones.

    ``reference`` is the nearest date before the text: a month or day without a year takes its
    year, and relative days ("the next day", "two days later", "on Tuesday") and ranges ("the
    following week", "earlier that month") count from it; each full date or resolved day found
    becomes the reference for what follows. ``frame`` (default: ``reference``) is the date the
    document is about, which "last year" and "the same day as the announcement" are relative to.
    Pass on the last ``explicit`` or ``anchor`` between calls (one per sentence). Relative words
    that cannot be resolved are yielded with ``edtf`` None and a ``basis`` saying why.

    A year or a month named in an aside ("a group that has terrorised the river since 2045", "Sethi,
    who left the army in 2048, was arrested the next morning") is read but does not stop the story's
    clock: it is no reference for what follows, and no ``explicit``.

    ``day`` is the nearest day before the text when ``reference`` is coarser: relative days count
    from the nearest *day* ("In 2029 the guard was formed. Two days later ..." counts from the day
    before 2029 was named), unless the coarser date lies after it (the story moved on).

    ``known`` (kept by the caller across a document's sentences) holds the days the document has
    stated in full; a day without a year that is one of them is that day ("On 2 February 2074 the
    ministry announced ... the announcement of 2 February"), whatever year the story moved to.
    """
    frame = frame or reference
    if reference is not None and reference.day:
        day = reference
    end = len(text) if end is None else end
    carried = ""  # how the reference was itself resolved, when a relative year set it
    # Whether this sentence itself moved the story to a month or a year: its relative days then
    # count from that ("the most recent in September 2077, when a mutiny was put down within
    # hours": no day to count from), not from the day of an earlier sentence.
    coarse_here, last_end = False, start
    # Within one call (a sentence), "Last year, also in September" reads the month in last year.
    for match in PROSE_RE.finditer(text, start, end):
        kind = match.lastgroup
        if kind is None:
            continue
        words = match.group(kind)
        point = _groups(match, kind)
        if SENTENCE_END.search(text, last_end, match.start(kind)):
            coarse_here = False  # a new sentence: "In 2029 the guard was formed. Two days later ..."
        last_end, previous = match.end(kind), reference
        aside = _aside(text, start, match, kind, point)
        explicit = None
        if (
            kind in FRAME_KINDS
            or kind == "day_last_year"
            or (kind == "same_day" and AS_THE.match(text, match.end(kind)))
        ):
            # "Last year" is the writer's; "the same day as the announcement" names the event
            # the document is about: both read against the frame.
            found = _relative(kind, frame or reference, "the date the document is about", match)
        elif (kind in DAY_KINDS or kind in RANGE_KINDS) and DEICTIC.match(words) and frame and frame.day:
            found = _relative(kind, frame, "the date the document is about", match)
        elif kind in DAY_KINDS or kind in RANGE_KINDS:
            counting = reference if coarse_here else _counting_from(kind, reference, day)
            found = _relative(kind, counting, "the nearest date before it", match)
        elif point.year is None and known and point.day and (point.month, point.day) in known:
            stated = Point(known[(point.month, point.day)], point.month, point.day)
            found = (stated.edtf(), f'"{words}": the day the document stated in full ({_describe(stated)}).')
        elif point.year is None:
            found = _without_year(point, _looking_back(words, point, reference))
            if found[0] and carried:
                found = (found[0], f"{found[1]} {carried}")
        else:
            found = (point.edtf(), "")
            explicit = None if aside else point
            if known is not None and point.day:
                known.setdefault((point.month, point.day), point.year)
        edtf, basis = found
        if edtf is not None and not valid(edtf):
            edtf, basis = None, f'"{words}" reads as {edtf}, which is no valid date.'
        anchor = None
        if edtf is None or aside:
            pass
        elif kind in FRAME_KINDS and not _opens_sentence(text, start, match.start(kind)):
            pass  # "the authorities made comparable accusations last year": the story stays put
        elif explicit is not None or kind in FRAME_KINDS:
            # "Last year the DMI detained him. He was released in August": the story moved there
            reference = explicit or Point(year=int(edtf[:4]))
            anchor = None if explicit else reference  # "Last year ... He was released in August"
            carried = "" if explicit else basis
        elif kind in DAY_KINDS or kind == "day_last_year":
            anchor = reference = _point_of_day(edtf)
            carried = ""
        elif point.month is not None:  # "on 1 October": that day, that year
            anchor = reference = Point(int(edtf[:4]), point.month, point.day)
        elif kind in RANGE_KINDS:  # "Last month ... on 28 January": the year of last month
            anchor = reference = _coarse(edtf)
        if reference is not None and reference.day:
            day = reference
        if reference is not previous:
            coarse_here = reference is not None and not reference.day
        yield ProseDate(
            match.start(kind), match.end(kind), words, edtf, basis, explicit, anchor, aside == "background"
        )


# Where an aside starts: a relative clause ("who left", "which began", "that began": "that" before
# a verb, not "said that the ...") or "since".
ASIDE_RE = re.compile(
    r"\b(?:[Ww]ho|[Ww]hom|[Ww]hose|[Ww]hich)\b"
    r"|\bthat\s+(?!the\b|a\b|an\b|he\b|she\b|it\b|they\b|we\b|his\b|her\b|its\b|their\b|this\b"
    r"|these\b|those\b|[A-Z0-9\"“])"
)


NEEDS_DAY = DAY_KINDS | {"next_week", "last_week"}
NEEDS_MONTH = {"earlier_month", "later_month", "last_month"}


def _counting_from(kind: str, reference: Point | None, day: Point | None) -> Point | None:
    """What a relative date counts from: the nearest date before it, or the nearest day when that
    date is too coarse for the words and does not lie after the day."""
    if reference is None or day is None or reference == day:
        return reference
    coarse = (kind in NEEDS_DAY and not reference.day) or (kind in NEEDS_MONTH and not reference.month)
    if coarse and edtf_bounds(reference.edtf())[0] <= datetime.date(day.year, day.month, day.day):
        return day
    return reference


def _opens_sentence(text: str, start: int, at: int) -> bool:
    before = text[start:at].rstrip()
    return not before or before[-1] in ".!?\n"


APPOSITION_RE = re.compile(r",\s+(?:a|an)\s+[^,;]*$")  # "the Guard, an elite unit formed in 2049"
# A participle phrase after a noun: "under a law adopted in 2089", "the party founded in 2051"
# (not "the law was adopted in 2089", the story's own verb).
PARTICIPLE_RE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|this)\s+(?:[^\s,;.]+\s+){0,6}?(?P<before>[^\s,;.]+)\s+"
    r"(?:adopted|enacted|founded|formed|established|created|introduced|signed|ratified|"
    r"approved|promulgated|amended|drafted|built|set\s+up|launched|elected|appointed|banned|"
    r"dissolved|imposed|held)(?:\s+(?:in|on))?\s+$",
    re.IGNORECASE,
)
AUXILIARY = {
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "being",
    "has",
    "have",
    "had",
    "it",
    "they",
    "he",
    "she",
}
# A plan: "scheduled for March 2048", "the elections due in June".
PLANNED_RE = re.compile(r"\b(?:for|until|till|by|due|expected|slated)\s+$", re.IGNORECASE)
# A year after "since" and its noun: "every election since its founding in 2051".
SINCE_RE = re.compile(r"\bsince\s+(?:its|their|his|her|the)\s+[^\W\d]+\s+$", re.IGNORECASE)


def _aside(text: str, start: int, match: re.Match, kind: str, point: Point) -> str:
    """A year or a month (no day) in a relative clause or an apposition ("background": not the
    sentence's date when it has another), after "since" ("since"), or in a plan ("scheduled for
    March 2048", "the elections due in June": "plan"): not where the story is; "" when the date
    is the story's."""
    if point.day:
        return ""
    words = match.group(kind).lower()
    before = match.start(kind)
    if words.startswith("for ") or PLANNED_RE.search(text, start, before):
        return "plan"  # "the election scheduled for March 2048", "due in June"
    # "since 2045", "since October", "since its founding in 2051"
    since = (
        "since" if words.startswith(("since", "until", "by")) or SINCE_RE.search(text, start, before) else ""
    )
    if point.year is None and kind not in FRAME_KINDS:
        return since
    # the last relative clause opened before the date
    clause = next(reversed(list(ASIDE_RE.finditer(text, start, before))), None)
    # "Jomesia, which has disputed the border since 2049, deteriorated in early 2066": the comma
    # closed the clause, so the second year is the story's.
    in_clause = clause is not None and "," not in text[clause.end() : before]
    participle = PARTICIPLE_RE.search(text, start, before)
    in_clause = in_clause or (participle is not None and participle.group("before").lower() not in AUXILIARY)
    return "background" if in_clause or APPOSITION_RE.search(text, start, before) else since


def _looking_back(words: str, point: Point, reference: Point | None) -> Point | None:
    """ "Since October" looks back: the latest October on or before the nearest date."""
    if reference and reference.month and words.lower().startswith("since") and point.month > reference.month:
        return Point(year=reference.year - 1)
    return reference


def _coarse(edtf: str) -> Point:
    """A month or a range as a reference: its month when it lies in one month, else its year."""
    first, last = edtf_bounds(edtf)
    same_month = (first.year, first.month) == (last.year, last.month)
    return Point(first.year, first.month) if same_month else Point(first.year)


def _point_of_day(edtf: str) -> Point:
    day = datetime.date.fromisoformat(edtf)
    return Point(day.year, day.month, day.day)


def _describe(point: Point) -> str:
    if point.day:
        return f"{point.day} {calendar.month_name[point.month]} {point.year}"
    if point.month:
        return f"{calendar.month_name[point.month]} {point.year}"
    return str(point.year)


def _span(first: datetime.date, last: datetime.date) -> str:
    return first.isoformat() if first == last else f"[{first.isoformat()}..{last.isoformat()}]"


def _relative(kind: str, reference: Point | None, which: str, match: re.Match) -> tuple[str | None, str]:
    words = match.group(kind)
    if reference is None or reference.year is None:
        return None, f'"{words}": there is no date before it to count from, so it stays undated.'
    nearest = f"{which} ({_describe(reference)})"
    year = reference.year
    if kind == "last_year":
        return f"{year - 1:04d}", f'"{words}": the year before {nearest}.'
    if kind == "day_last_year":
        point = _groups(match, kind)
        return (
            f"{year - 1:04d}-{point.month:02d}-{point.day:02d}",
            f'"{words}": that day of the year before {nearest}.',
        )
    if kind == "month_last_year":
        month = MONTHS[match.group("month_last_year_month").lower().rstrip(".")]
        return f"{year - 1:04d}-{month:02d}", f'"{words}": that month of the year before {nearest}.'
    if kind == "month_this_year":
        month = MONTHS[match.group("month_this_year_month").lower().rstrip(".")]
        return f"{year:04d}-{month:02d}", f'"{words}": that month of the year of {nearest}.'
    if kind == "next_year":
        return f"{year + 1:04d}", f'"{words}": the year after {nearest}.'
    if kind == "this_year":
        return f"{year:04d}", f'"{words}": the year of {nearest}.'
    if kind in {"earlier_year", "later_year"} and reference.day is None:
        return f"{year:04d}", f'"{words}": {nearest} gives no day, so the year.'
    if kind in {"earlier_month", "later_month", "last_month"}:
        if reference.month is None:
            return None, f'"{words}": {nearest} gives no month to count from, so it stays undated.'
        if kind == "last_month":
            previous = datetime.date(year, reference.month, 1) - datetime.timedelta(days=1)
            return f"{previous.year:04d}-{previous.month:02d}", f'"{words}": the month before {nearest}.'
        if reference.day is None:
            return f"{year:04d}-{reference.month:02d}", f'"{words}": {nearest} gives no day, so the month.'
    if reference.day is None:
        return None, f'"{words}": {nearest} gives no day to count from, so it stays undated.'
    day = datetime.date(year, reference.month, reference.day)
    one = datetime.timedelta(days=1)
    number = match.group(f"{kind}_n") if f"{kind}_n" in match.re.groupindex else None
    count = (NUMBER_VALUES.get(number.lower()) or int(number)) if number else 0
    if kind in {"same_day", "today"}:
        return day.isoformat(), f'"{words}": the day of {nearest}.'
    if kind == "next_day":
        return (day + one).isoformat(), f'"{words}": the day after {nearest}.'
    if kind in {"previous_day", "yesterday"}:
        return (day - one).isoformat(), f'"{words}": the day before {nearest}.'
    if kind == "days_later":
        return (day + count * one).isoformat(), f'"{words}": {count} days after {nearest}.'
    if kind == "days_earlier":
        return (day - count * one).isoformat(), f'"{words}": {count} days before {nearest}.'
    if kind == "weeks_later":
        return (day + 7 * count * one).isoformat(), f'"{words}": {7 * count} days after {nearest}.'
    if kind == "weekday":
        weekday = WEEKDAYS[match.group("weekday_weekday").lower()]
        found = day - ((day.weekday() - weekday) % 7) * one
        return found.isoformat(), (
            f'"{words}": the latest {calendar.day_name[weekday]} on or before {nearest}.'
        )
    monday = day - day.weekday() * one
    if kind == "next_week":
        return _span(
            monday + 7 * one, monday + 13 * one
        ), f'"{words}": the calendar week after that of {nearest}.'
    if kind == "last_week":
        return _span(
            monday - 7 * one, monday - one
        ), f'"{words}": the calendar week before that of {nearest}.'
    first_of_month = day.replace(day=1)
    last_of_month = day.replace(day=calendar.monthrange(year, day.month)[1])
    if kind == "earlier_month":
        if day == first_of_month:
            return (
                f"{year:04d}-{day.month:02d}",
                f'"{words}": {nearest} is the month\'s first day, so the month.',
            )
        return _span(first_of_month, day - one), f'"{words}": the days of the month before {nearest}.'
    if kind == "later_month":
        if day == last_of_month:
            return (
                f"{year:04d}-{day.month:02d}",
                f'"{words}": {nearest} is the month\'s last day, so the month.',
            )
        return _span(day + one, last_of_month), f'"{words}": the days of the month after {nearest}.'
    if kind == "earlier_year":
        return _span(
            datetime.date(year, 1, 1), day - one
        ), f'"{words}": the days of the year before {nearest}.'
    return _span(day + one, datetime.date(year, 12, 31)), f'"{words}": the days of the year after {nearest}.'


def _without_year(point: Point, reference: Point | None) -> tuple[str | None, str]:
    if point.month is None or reference is None or reference.year is None:
        return None, "A month or a day without a year, and no date before it gives the year: undated."
    resolved = Point(year=reference.year, month=point.month, day=point.day)
    return resolved.edtf(), (
        f"The month without a year is read in {reference.year}, the year of the nearest date "
        f"before it ({_describe(reference)})."
    )
