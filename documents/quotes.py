"""Citing by quote: find pasted words in a document and turn them into a Citation.

Curators (in the admin and through the API) never type offsets: they name the document and
paste the words. Words found more than once need a hint: the occurrence number, or the words
that come just before the one meant; otherwise the refusal says how many times they occur.
"""

import re

from django.core.exceptions import ValidationError

from .models import Citation, Document


def occurrences(text: str, quote: str) -> list[int]:
    """Every offset where ``quote`` starts in ``text``, overlapping occurrences included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def _comes_after(text: str, start: int, hint: str) -> bool:
    """Whether the words ``hint`` come just before ``start`` (whitespace compared loosely)."""
    window = _squeeze(text[max(0, start - 4 * len(hint) - 40) : start]).rstrip()
    return window.endswith(_squeeze(hint).strip())


# Characters a paste turns into others (a word processor's curly quotes, a non-breaking space),
# each mapped to the plain one: one character for one, so offsets stay aligned.
TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    }
)  # fmt: skip


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` with typographic variants made plain and each run of whitespace one space, and
    for each character of it the offset in ``text`` it comes from."""
    folded, origin = [], []
    for index, char in enumerate(text.translate(TYPOGRAPHIC)):
        if char.isspace():
            if folded and folded[-1] == " ":
                continue
            char = " "
        folded.append(char)
        origin.append(index)
    return "".join(folded), origin


def nearest_passage(text: str, quote: str) -> tuple[int, int] | None:
    """Where the document has ``quote`` but for quotation marks, dashes, line breaks or spacing:
    the (start, end) of the first such passage, or None."""
    wanted = _folded(quote)[0].strip()
    if not wanted:
        return None
    folded, origin = _folded(text)
    at = folded.find(wanted)
    if at == -1:
        return None
    return origin[at], origin[at + len(wanted) - 1] + 1


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def locate(document: Document, quote: str, hint: str = "") -> tuple[int, int]:
    """Return the (start, end) of ``quote`` in the document's text, or raise ValidationError.

    A quote found more than once needs ``hint``: its occurrence number (from 1), or words that
    come just before the one meant. Line breaks pasted from a browser's text box arrive as CRLF;
    when the words are not found as sent, they are looked for with LF line breaks.
    """
    text = document.text
    positions = occurrences(text, quote)
    if not positions and "\r\n" in quote:
        quote = quote.replace("\r\n", "\n")
        positions = occurrences(text, quote)
    if not positions:
        near = nearest_passage(text, quote)
        if near is None:
            message = (
                f"These words are not in the document “{document.title}”: paste them exactly as it has them."
            )
        else:
            start, end = near
            message = (
                f"These words are not in the document “{document.title}” as pasted, but it has "
                f"{text[start:end]!r} at [{start}:{end}], which differs only in quotation marks, dashes, "
                "line breaks or spacing: paste the document's own words."
            )
        raise ValidationError({"quote": message})
    hint = hint.strip()
    if not hint:
        if len(positions) > 1:
            raise ValidationError(
                {
                    "quote": f"These words occur {_times(len(positions))} in “{document.title}”: give the "
                    f"words that come just before the one you mean, or its number (1 to {len(positions)}), "
                    "as the hint."
                }
            )
        return positions[0], positions[0] + len(quote)
    if hint.isdigit():
        number = int(hint)
        if not 1 <= number <= len(positions):
            raise ValidationError(
                {"hint": f"The words occur {_times(len(positions))}; occurrence {number} does not exist."}
            )
        start = positions[number - 1]
        return start, start + len(quote)
    matching = [start for start in positions if _comes_after(text, start, hint)]
    if len(matching) == 1:
        return matching[0], matching[0] + len(quote)
    if not matching:
        raise ValidationError(
            {"hint": f"None of the {len(positions)} occurrences comes just after “{hint}”."}
            if len(positions) > 1
            else {"hint": f"The words occur once, and not just after “{hint}”."}
        )
    raise ValidationError(
        {
            "hint": f"{len(matching)} of the {len(positions)} occurrences come just after “{hint}”: give "
            "more words or the occurrence number."
        }
    )


def cite(document: Document, quote: str, hint: str = "") -> Citation:
    """The citation of ``quote`` in ``document``, reusing the stored one for the same span."""
    start, end = locate(document, quote, hint)
    citation, _ = Citation.objects.get_or_create(
        document=document, start=start, end=end, defaults={"quote": document.text[start:end]}
    )
    return citation
