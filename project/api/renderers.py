"""The exports' representations: CSV and JSON Lines, written as streams a chunk of records at a time.

CSV: one row per record, its columns the JSON list's fields. A brief object becomes its slug; a
list of brief objects their slugs joined by ``;``; citations ``document-slug[start:end]`` joined
by ``;``; other nested objects would spread into ``parent.child`` columns (no list shows one
today; the header is fixed before the first row, so tests/api/test_exports.py checks each list's
rows against its header). A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading ``'`` so a spreadsheet does not run it as a formula (OWASP's advice
against CSV injection).

JSON Lines: one record per line, the very bytes the JSON list's ``results`` hold for it.
"""

import csv
import io
from collections.abc import Iterable, Iterator

import orjson
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = ";"
# OWASP CSV injection: a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading ' before a formula trigger (OWASP)."""
    return f"'{cell}" if cell.startswith(FORMULA_TRIGGERS) else cell


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "slug" in value:
            return value["slug"]
        if {"document", "start", "end"} <= value.keys():
            return f"{_cell(value['document'])}[{value['start']}:{value['end']}]"
        return ", ".join(f"{key}={_cell(item)}" for key, item in value.items())
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(item) for item in value)
    return str(value)


def flatten(record: dict, prefix: str = "") -> dict[str, str]:
    row = {}
    for key, value in record.items():
        if isinstance(value, dict) and "slug" not in value and "document" not in value:
            row.update(flatten(value, f"{prefix}{key}."))
        else:
            row[f"{prefix}{key}"] = neutralise(_cell(value))
    return row


def csv_stream(chunks: Iterable[list[dict]], columns: list[str]) -> Iterator[bytes]:
    """The header, then each chunk of records as CSV rows (one write per chunk)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", extrasaction="raise")

    def drain() -> bytes:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text.encode("utf-8")

    writer.writeheader()
    yield drain()
    for records in chunks:
        writer.writerows(flatten(record) for record in records)
        yield drain()


# orjson writes U+2028 and U+2029 as they are; DRF's renderer escapes them (JavaScript before
# ES2019 ends a string literal at either), and the bytes must stay DRF's.
LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, encoding with orjson: the same bytes (compact, UTF-8, U+2028 and
    U+2029 escaped; dates and other non-JSON types through DRF's encoder) in a fifth of the time.
    A body orjson refuses (a key that is no string, a lone surrogate, nesting past its limit) or
    an indented one (``Accept: application/json; indent=2``) is encoded by DRF as before."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is None:
            body = encode(data, self.encoder_class().default)
            if body is not None:
                return body
        return super().render(data, accepted_media_type, renderer_context)


# What orjson does not write itself (dates, decimals, lazy strings) DRF's encoder writes.
DRF_DEFAULT = renderers.JSONRenderer.encoder_class().default


def encode(data, default=DRF_DEFAULT) -> bytes | None:
    """``data`` as DRF's compact JSON, or None when orjson cannot write it as DRF would."""
    try:
        body = orjson.dumps(data, default=default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:  # orjson.JSONEncodeError is one
        return None
    if b"\xe2\x80" in body:
        for raw, escaped in LINE_SEPARATORS:
            body = body.replace(raw, escaped)
    return body


def jsonl_stream(chunks: Iterable[list[dict]], columns: list[str]) -> Iterator[bytes]:
    """Each chunk of records as JSON Lines, encoded as the JSON list encodes them."""
    render = JSONRenderer().render
    for records in chunks:
        yield b"".join((encode(record) or render(record)) + b"\n" for record in records)


class StreamRenderer(BaseRenderer):
    """Names an export's media type for content negotiation and the schema. The exports stream
    their bodies (project.api.views.RecordViewSet.export); ``render`` writes a body DRF holds
    whole, such as a 304's (none) or a list of records."""

    charset = "utf-8"
    stream = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        records = data.get("results", []) if isinstance(data, dict) else data
        view = (renderer_context or {}).get("view")
        columns = (
            list(view.get_serializer().fields)
            if view is not None
            else list(flatten(records[0]) if records else [])
        )
        return b"".join(type(self).stream([records], columns))


class CSVRenderer(StreamRenderer):
    media_type = "text/csv"
    format = "csv"
    stream = csv_stream


class JSONLinesRenderer(StreamRenderer):
    media_type = "text/jsonl"
    format = "jsonl"
    stream = jsonl_stream
