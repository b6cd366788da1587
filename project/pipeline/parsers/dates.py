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
    """A date found in prose: where its words are, its EDTF value, and how it was resolved."""

    start: int
    end: int
    words: str
    edtf: str
    basis: str  # empty when the words state the date in full
    explicit: Point | None  # the date the words state in full, a reference for what follows


# Order matters: the fuller form is tried first at each place in the text.
PROSE_FORMS = [
    ("day_month_year", rf"\b(?P<day>{DAY})\s+(?P<month>{MONTH})\s+(?P<year>{YEAR})\b"),
    ("month_day_year", rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b"),
    ("month_year", rf"\b(?P<month>{MONTH})\s+(?P<year>{YEAR})\b"),
    ("month_day", rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY})\b(?!\s*,?\s*\d)"),
    ("day_month", rf"\b(?P<day>{DAY})\s+(?P<month>{MONTH})\b"),
    ("same_day", r"\b(?:the\s+same\s+day|that\s+same\s+day|on\s+the\s+same\s+day)\b"),
    ("next_day", r"\b(?:the\s+(?:next|following)\s+day)\b"),
    ("last_year", r"\blast\s+year\b"),
    ("this_year", r"\b(?:this\s+year|earlier\s+in\s+the\s+year|later\s+in\s+the\s+year)\b"),
    ("in_year", rf"\b(?:in|since|during|until|by|from|of)\s+(?P<year>{YEAR})\b"),
    (
        "in_month",
        rf"\b(?:in|since|during|until|by|early|late|mid-?)\s+(?P<month>{MONTH})\b(?!\s+\d)(?!\s*,\s*\d)",
    ),
]
PROSE_RE = re.compile(
    "|".join(f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}_')})" for name, pattern in PROSE_FORMS),
    re.IGNORECASE,
)
# A month name alone is read as a month only beside a number or after a preposition ("in May"):
# "May" is also a verb and "March" a noun.
RELATIVE_KINDS = {"same_day", "next_day", "last_year", "this_year"}
AS_THE = re.compile(r"\s+as\s+the\b", re.IGNORECASE)


def _groups(match: re.Match, kind: str) -> Point:
    def get(part):
        value = match.group(f"{kind}_{part}") if f"{kind}_{part}" in match.re.groupindex else None
        return value

    month = get("month")
    return Point(
        year=int(get("year")) if get("year") else None,
        month=MONTHS[month.lower().rstrip(".")] if month else None,
        day=int(get("day")) if get("day") else None,
    )


def dates_in(
    text: str,
    start: int = 0,
    end: int | None = None,
    reference: Point | None = None,
    frame: Point | None = None,
):
    """Yield the dates in ``text[start:end]`` in order, resolving relative ones.

    ``reference`` is the date a month or day without a year takes its year from until the text
    states one, and which a bare "the same day" or "the next day" follows. ``frame`` (default:
    ``reference``) is the date the document is about, which "last year" and "the same day as
    the announcement" are relative to. Call it once per sentence, passing on the
    last ``explicit`` date found: a relative year ("last year") then holds for the rest of its
    sentence only.
    """
    frame = frame or reference
    end = len(text) if end is None else end
    carried = ""  # how the reference was itself resolved, when a relative year set it
    # Within one call (a sentence), "Last year, also in September" reads the month in last year.
    for match in PROSE_RE.finditer(text, start, end):
        kind = match.lastgroup
        if kind is None:
            continue
        words = match.group(kind)
        point = _groups(match, kind)
        explicit = None
        if kind in {"last_year", "this_year"} or AS_THE.match(text, match.end(kind)):
            # "Last year" is the writer's; "the same day as the announcement" names the event
            # the document is about: both read against the frame.
            found = _relative(kind, frame or reference, "the date the document is about")
        elif kind in RELATIVE_KINDS:
            # A bare "the same day" / "the next day" follows the nearest date before it.
            found = _relative(kind, reference, "the nearest date before it")
        elif point.year is None:
            found = _without_year(point, reference)
            if found and carried:
                found = (found[0], f"{found[1]} {carried}")
        else:
            explicit = point
            found = (point.edtf(), "")
        if found is None:
            continue
        edtf, basis = found
        if not valid(edtf):
            continue
        if explicit is not None or kind in {"last_year", "this_year"}:
            reference = explicit or Point(year=int(edtf[:4]))
            carried = "" if explicit else basis
        yield ProseDate(match.start(kind), match.end(kind), words, edtf, basis, explicit)


def _describe(point: Point) -> str:
    if point.day:
        return f"{point.day} {calendar.month_name[point.month]} {point.year}"
    if point.month:
        return f"{calendar.month_name[point.month]} {point.year}"
    return str(point.year)


def _relative(kind: str, reference: Point | None, which: str) -> tuple[str, str] | None:
    if reference is None or reference.year is None:
        return None
    nearest = f"{which} ({_describe(reference)})"
    if kind == "last_year":
        return f"{reference.year - 1:04d}", f'"last year": the year before {nearest}.'
    if kind == "this_year":
        return f"{reference.year:04d}", f'"the year": the year of {nearest}.'
    if reference.day is None:
        return None  # "the same day" as a month or a year says no day
    day = datetime.date(reference.year, reference.month, reference.day)
    if kind == "next_day":
        day += datetime.timedelta(days=1)
        return day.isoformat(), f'"the next day": the day after {nearest}.'
    return day.isoformat(), f'"the same day": the day of {nearest}.'


def _without_year(point: Point, reference: Point | None) -> tuple[str, str] | None:
    if point.month is None or reference is None or reference.year is None:
        return None
    resolved = Point(year=reference.year, month=point.month, day=point.day)
    return resolved.edtf(), (
        f"The month without a year is read in {reference.year}, the year of the nearest date "
        f"before it ({_describe(reference)})."
    )
