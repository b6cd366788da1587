"""Text helpers shared by the parsers: lines with offsets, spans cut from the original text, name cleaning.

Nothing here normalises the text: every helper works on ``(start, end)`` offsets into the
original string and builds a ``Span`` by slicing it, so ``text[span.start:span.end] == span.text``
holds by construction.
"""

import re
import unicodedata
from dataclasses import dataclass

from . import Span

# An image width left behind by a stripped flag icon: "20px", "23x15px" (a token of its own).
PX_RE = re.compile(r"(?<![\w.])[0-9]{1,4}(?:x[0-9]{1,4})?px(?!\w)", re.IGNORECASE)

# Quote and bracket characters that may open a name, and the characters that close them.
# A name may start (end) with one of them only when its partner occurs inside the name:
# “Pink” human rights defender NGO keeps its opening quote, “Pink keeps nothing.
_CLOSERS_OF = {
    "“": "”",
    "„": "“”",
    "‘": "’",
    "‚": "‘’",
    "«": "»",
    "»": "«",
    "‹": "›",
    "(": ")",
    "[": "]",
    "{": "}",
    '"': '"',
    "'": "'",
}
_OPENERS_OF: dict[str, str] = {}
for _opener, _closers in _CLOSERS_OF.items():
    for _closer in _closers:
        _OPENERS_OF[_closer] = _OPENERS_OF.get(_closer, "") + _opener


@dataclass(frozen=True)
class Line:
    """One line of the original text; ``end`` excludes the line terminator ("\\n" or "\\r\\n")."""

    number: int  # 1-based, for error messages
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets; only "\\n" ends a line (a "\\r" before it is dropped)."""
    lines = []
    pos = 0
    number = 1
    while True:
        newline = text.find("\n", pos)
        stop = len(text) if newline == -1 else newline
        end = stop - 1 if stop > pos and text[stop - 1] == "\r" else stop
        lines.append(Line(number, pos, end, text[pos:end]))
        if newline == -1:
            return lines
        pos = newline + 1
        number += 1


def span(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end]`` without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(text[start:end], start, end)


def empty_span(text: str, at: int) -> Span:
    """A zero-width span at ``at``: the place of a value the source leaves empty."""
    return Span(text[at:at], at, at)


def _is_trimmable(char: str) -> bool:
    """Whitespace, punctuation, control/format characters and maths symbols: never a name's edge."""
    category = unicodedata.category(char)
    return char.isspace() or category[0] in "PCZ" or category in ("Sm", "Sk")


def clean_name(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end]`` with whitespace and stray punctuation trimmed from both ends.

    A quote or bracket at an edge stays when its partner occurs inside the name, so
    “Pink” human rights defender NGO and Wagner Group (until 2023) keep their marks.
    Returns None when nothing but punctuation and whitespace is left.
    """
    while start < end:
        changed = False
        first, last = text[start], text[end - 1]
        if _is_trimmable(first) and not _partner_inside(text, start, end, first, at_start=True):
            start += 1
            changed = True
        if start < end and _is_trimmable(last):
            if end - 1 == start or not _partner_inside(text, start, end, last, at_start=False):
                end -= 1
                changed = True
        if not changed:
            break
    if start >= end:
        return None
    return Span(text[start:end], start, end)


def _partner_inside(text: str, start: int, end: int, char: str, *, at_start: bool) -> bool:
    if at_start:
        closers = _CLOSERS_OF.get(char, "")
        return any(c in text[start + 1 : end] for c in closers)
    openers = _OPENERS_OF.get(char, "")
    return any(c in text[start : end - 1] for c in openers)


def split_on(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at the separator characters that are outside brackets."""
    pieces = []
    depth = 0
    piece_start = start
    for index in range(start, end):
        char = text[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char in separators and depth == 0:
            pieces.append((piece_start, index))
            piece_start = index + 1
    pieces.append((piece_start, end))
    return pieces


def split_px(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at flag-icon image widths ("20px"): each starts a new entry."""
    pieces = []
    piece_start = start
    for match in PX_RE.finditer(text, start, end):
        pieces.append((piece_start, match.start()))
        piece_start = match.end()
    pieces.append((piece_start, end))
    return pieces


def clean_names(text: str, start: int, end: int) -> list[Span]:
    """The cleaned, non-empty names in ``text[start:end]``, split at flag-icon leftovers."""
    names = []
    for piece_start, piece_end in split_px(text, start, end):
        name = clean_name(text, piece_start, piece_end)
        if name is not None:
            names.append(name)
    return names
