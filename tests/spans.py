"""Helpers for parser tests: walk every Span of a parse result and check it against the text."""

import dataclasses
import unicodedata

from project.pipeline.parsers import Span

# A quote or bracket may begin (end) a name when its partner occurs inside it: “Pink” ... NGO.
OPENERS = {"“": "”", "„": "“”", "‘": "’", "«": "»", "(": ")", "[": "]", '"': '"', "'": "'"}
CLOSERS = {"”": "“„", "“": "„", "’": "‘", "»": "«", ")": "(", "]": "[", '"': '"', "'": "'"}


def iter_spans(value):
    """Every Span inside a parse result (dataclasses, lists and dicts, recursively)."""
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from iter_spans(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_spans(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_spans(item)


def assert_spans_cite(result, text: str) -> int:
    """Assert ``text[start:end] == span.text`` for every span of ``result``; return how many there are."""
    count = 0
    for span in iter_spans(result):
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start : span.end] == span.text, span
        count += 1
    return count


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def assert_clean_name(name: str) -> None:
    """A name holds no "20px", is not empty, and has no whitespace or unbalanced punctuation at its edges."""
    assert name, "empty name"
    assert "20px" not in name, name
    assert name == name.strip(), name
    first, last = name[0], name[-1]
    if _is_punctuation(first):
        assert any(closer in name[1:] for closer in OPENERS.get(first, "")), name
    if _is_punctuation(last):
        assert any(opener in name[:-1] for opener in CLOSERS.get(last, "")), name
