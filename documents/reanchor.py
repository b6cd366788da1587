"""Replace a cited document's text and place every citation's quote in the new text again.

A citation is a pair of offsets into its document's text, so a text cannot simply change
(``Document.refuse_cited_text_change``). When it must (a better copy of the same source, a
fixed encoding), each quote is found again in the new text: where it occurs once, there;
where it occurs several times, at the occurrence whose surrounding words match the old
ones best, if exactly one does. A quote that is gone or cannot be told apart stops the whole
replacement, naming it, and nothing is written.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from project.records.history import change_reason

from .models import Citation, Document
from .quotes import occurrences

# Characters either side of a quote compared to tell its occurrences apart.
CONTEXT = 60


class ReanchorError(Exception):
    """The text cannot be replaced; the message names every quote that cannot be placed."""


@dataclass(frozen=True)
class Move:
    citation: Citation
    start: int
    end: int


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def place(old_text: str, start: int, end: int, new_text: str) -> int:
    """Where ``old_text[start:end]`` is in ``new_text``; ReanchorError saying why when nowhere."""
    quote = old_text[start:end]
    candidates = occurrences(new_text, quote)
    if not candidates:
        raise ReanchorError("is not in the new text")
    if len(candidates) == 1:
        return candidates[0]
    before, after = old_text[max(0, start - CONTEXT) : start], old_text[end : end + CONTEXT]

    def likeness(at: int) -> int:
        new_before = new_text[max(0, at - CONTEXT) : at]
        return _common_prefix(before[::-1], new_before[::-1]) + _common_prefix(
            after, new_text[at + len(quote) : at + len(quote) + CONTEXT]
        )

    scores = sorted(((likeness(at), at) for at in candidates), reverse=True)
    if scores[0][0] == scores[1][0]:
        raise ReanchorError(
            f"occurs {len(candidates)} times in the new text and its surrounding words do not "
            "tell which one is meant"
        )
    return scores[0][1]


def plan(document: Document, new_text: str) -> list[Move]:
    """Every citation's new offsets, or ReanchorError naming each quote that cannot be placed."""
    moves, problems = [], []
    for citation in document.citations.order_by("start", "end"):
        try:
            at = place(document.text, citation.start, citation.end, new_text)
        except ReanchorError as error:
            problems.append(f"[{citation.start}:{citation.end}] {citation.quote[:80]!r} {error}")
            continue
        moves.append(Move(citation, at, at + len(citation.quote)))
    taken: dict[tuple[int, int], Move] = {}
    for move in moves:
        other = taken.setdefault((move.start, move.end), move)
        if other is not move:
            problems.append(
                f"[{move.citation.start}:{move.citation.end}] {move.citation.quote[:80]!r} would land on "
                f"the same words as [{other.citation.start}:{other.citation.end}]"
            )
    if problems:
        raise ReanchorError(
            f"{len(problems)} of {len(moves) + len(problems)} quote(s) of {document.slug!r} cannot be "
            "placed in the new text; nothing was changed:\n  " + "\n  ".join(problems)
        )
    return moves


def body_span(document: Document, new_text: str) -> tuple[int, int]:
    """The body's bounds in the new text: the whole text if it was, else where its ends are now."""
    old = document.text
    if document.body_start == 0 and document.body_end == len(old):
        return 0, len(new_text)
    edge = min(CONTEXT, document.body_end - document.body_start)
    try:
        start = place(old, document.body_start, document.body_start + edge, new_text)
        end = place(old, document.body_end - edge, document.body_end, new_text) + edge
    except ReanchorError as error:
        raise ReanchorError(
            f"the body of {document.slug!r} cannot be placed in the new text: one of its ends {error}; "
            "give --body-start and --body-end"
        ) from error
    return start, end


@transaction.atomic
def replace_text(
    document: Document, new_text: str, body_start: int | None = None, body_end: int | None = None
) -> list[Move]:
    """Store ``new_text`` as the document's text and move every citation with it, or change nothing."""
    with change_reason("replace_text: the text replaced, every quote placed again"):
        return _replace(document, new_text, body_start, body_end)


def _replace(document, new_text, body_start, body_end) -> list[Move]:
    moves = plan(document, new_text)
    if body_start is None or body_end is None:
        found_start, found_end = body_span(document, new_text)
        body_start = found_start if body_start is None else body_start
        body_end = found_end if body_end is None else body_end
    if not 0 <= body_start <= body_end <= len(new_text):
        raise ReanchorError(
            f"the body [{body_start}:{body_end}] is not inside the new text ({len(new_text)})"
        )
    shift = max(len(document.text), len(new_text)) + 1
    document.text, document.body_start, document.body_end = new_text, body_start, body_end
    document._reanchoring = True
    try:
        document.save()
    except IntegrityError as error:
        raise ReanchorError(f"another document already has this text: {error}") from error
    finally:
        del document._reanchoring
    # Out of the way first, in one statement, so no two spans collide while they move.
    Citation.objects.filter(document=document).update(start=F("start") + shift, end=F("end") + shift)
    for move in moves:
        move.citation.start, move.citation.end = move.start, move.end
        move.citation.save()
    return moves
