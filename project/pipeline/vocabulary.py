"""What the words of a source say: a conflict's kind and status, a loss's kind and count, and a
document's own date as the reference point of relative dates. Pure functions of text."""

import re

from events.models import Conflict, Loss

from .parsers.dates import Point

# Words in a title that say what kind of conflict it names.
CONFLICT_KIND_WORDS = [
    (re.compile(r"\ballegation", re.I), Conflict.Kind.COUP_ALLEGATION),
    (re.compile(r"\battempt", re.I), Conflict.Kind.COUP_ATTEMPT),
    (re.compile(r"\b(coup|putsch)\b", re.I), Conflict.Kind.COUP),
    (re.compile(r"\bcrisis\b", re.I), Conflict.Kind.POLITICAL_CRISIS),
    (re.compile(r"\b(war|offensive|conflict|insurgency)\b", re.I), Conflict.Kind.ARMED_CONFLICT),
]

# Casualty lines: "3 plotters arrested", "twelve soldiers killed".
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
LEADING_COUNT = re.compile(r"^\s*(\d[\d,]*|[A-Za-z]+)\b")
LOSS_KIND_WORDS = [
    (re.compile(r"\b(arrest|detain|captur)", re.I), Loss.Kind.ARRESTED),
    (re.compile(r"\b(kill|dead|died|death)", re.I), Loss.Kind.KILLED),
    (re.compile(r"\bwound|injur", re.I), Loss.Kind.WOUNDED),
    (re.compile(r"\bmissing\b", re.I), Loss.Kind.MISSING),
]


# Words of an infobox Status (or, failing that, Result) that say what became of the conflict.
CONFLICT_STATUS_WORDS = [
    (re.compile(r"\b(?:ongoing|present)\b", re.I), Conflict.Status.ONGOING),
    (re.compile(r"\b(?:thwarted|foiled|prevented|averted|dismantled)\b", re.I), Conflict.Status.PLOT_THWARTED),
    (re.compile(r"\b(?:fail(?:ed|s)?|unsuccessful|suppressed|defeated|crushed|repelled)\b", re.I), Conflict.Status.ATTEMPT_FAILED),
    (re.compile(r"\b(?:succeed(?:ed|s)?|successful|overthrown|ousted|deposed|seized\s+power)\b", re.I), Conflict.Status.ATTEMPT_SUCCEEDED),
    (re.compile(r"\b(?:alleged|plot)\b", re.I), Conflict.Status.PLOT_ALLEGED),
]  # fmt: skip


# "Concluded" (or "ended", "over") says the conflict ended but not how: it is no status of its own.
# Decision: such a text names none (the conflict stays ``unknown`` unless a later text, the
# Result, says how it ended), and it rules out ``ongoing`` from any later text ("Status:
# Concluded" beside "Date: 2020–present" is not ongoing). A parent "(2020–2023)" is likewise
# left unknown: only "–present" makes it ongoing (``parsers.dates.status_is_ongoing``).
CONFLICT_ENDED = re.compile(r"\b(?:concluded|ended|finished|resolved)\b", re.I)


def conflict_status(*texts: str) -> str | None:
    """The status the first text that names one says, in the order given (Status, then Result);
    after a text that says the conflict ended, never ``ongoing``."""
    ended = False
    for text in texts:
        if not text:
            continue
        for pattern, status in CONFLICT_STATUS_WORDS:
            if pattern.search(text) and not (ended and status == Conflict.Status.ONGOING):
                return status
        ended = ended or bool(CONFLICT_ENDED.search(text))
    return None


def reference_point(edtf: str) -> Point | None:
    """A document's own date as a reference for relative dates, when it is a plain day, month or year."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", edtf or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    return Point(year=year, month=month, day=day)


def conflict_kind(title: str) -> str:
    for pattern, kind in CONFLICT_KIND_WORDS:
        if pattern.search(title):
            return kind
    return Conflict.Kind.OTHER


def loss_count(description: str) -> int | None:
    match = LEADING_COUNT.match(description)
    if not match:
        return None
    word = match.group(1)
    if word[0].isdigit():
        return int(word.replace(",", ""))
    return NUMBER_WORDS.get(word.lower())


def loss_kind(description: str) -> str:
    for pattern, kind in LOSS_KIND_WORDS:
        if pattern.search(description):
            return kind
    return Loss.Kind.OTHER
