"""Citing by quote: find a pasted quote in a document and turn it into a Citation.

Curators (in the admin and through the API) never type offsets: they name the document and
paste the words. A quote must occur exactly once, or once after the words given as a hint
(``before``: a few words that come just before it); otherwise the refusal says which.
"""

from django.core.exceptions import ValidationError

from .models import Citation, Document


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def locate(document: Document, quote: str, before: str = "") -> tuple[int, int]:
    """The (start, end) of ``quote`` in the document's text; ValidationError saying why not."""
    if not quote:
        raise ValidationError({"quote": "Paste the words to cite; an empty quote cites nothing."})
    found = _occurrences(document.text, quote)
    if not found:
        raise ValidationError(
            {
                "quote": f"{_short(quote)} is not in the text of {document.slug!r} (compare spaces and punctuation)."
            }
        )
    if before:
        found = [at for at in found if document.text[:at].rstrip().endswith(before.rstrip())]
        if not found:
            raise ValidationError(
                {
                    "before": f"No occurrence of {_short(quote)} in {document.slug!r} comes right after {before!r}."
                }
            )
    if len(found) > 1:
        raise ValidationError(
            {
                "quote": f"{_short(quote)} occurs {len(found)} times in {document.slug!r}; give the words that "
                "come just before the one you mean, or a longer quote."
            }
        )
    return found[0], found[0] + len(quote)


def cite(document: Document, quote: str, before: str = "") -> Citation:
    """The citation of ``quote`` in ``document``, reusing the stored one for the same span."""
    start, end = locate(document, quote, before)
    citation, _ = Citation.objects.get_or_create(
        document=document, start=start, end=end, defaults={"quote": document.text[start:end]}
    )
    return citation


def _short(quote: str) -> str:
    return repr(quote if len(quote) <= 80 else quote[:77] + "...")
