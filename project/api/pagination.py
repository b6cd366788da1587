"""Keyset (cursor) pagination: the cost of a page does not grow with its depth.

The queryset arrives ordered (the FilterSet's ``ordering`` filter always orders it, the
slug last, so the order is total and every sort key is non-null). A cursor holds the sort
key values of the row it points at; the next page is the rows strictly after it in that
order, one indexed range scan whatever the depth. No ``count``: counting a filtered,
text-searched table costs as much as reading it, on every page.
"""

import base64
import binascii
import datetime
import json
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import BooleanField, Expression, F, Q, Value
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# The longest cursor the API issues holds a 500-character title and a slug, JSON-escaped and
# base64-encoded; anything much longer is not one of ours and is refused before decoding.
MAX_CURSOR_LENGTH = 8192
# Every integer column the API sorts on fits a signed 64-bit integer; a cursor value outside
# it would overflow the database driver.
INTEGER_RANGE = range(-(2**63), 2**63)
DIGITS = re.compile(r"[0-9]+", re.ASCII)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})", re.ASCII)


def order_keys(queryset) -> list[tuple[str, bool]]:
    """The queryset's ORDER BY as (field or annotation name, descending) pairs."""
    keys = []
    for term in queryset.query.order_by:
        if not isinstance(term, str):
            raise TypeError(f"keyset pagination needs named sort keys, got {term!r}")
        keys.append((term.removeprefix("-"), term.startswith("-")))
    return keys


class RowComparison(Expression):
    """``k1 >= v1 AND (k1, ..., kn) > (v1, ..., vn)`` (or ``<=`` / ``<``): a row-value comparison.

    Unlike the equivalent ``k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...``, this starts a range on an
    index over (k1, ..., kn): PostgreSQL seeks to the row comparison itself, SQLite (which does
    not seek expression indexes on row values) to the redundant ``k1 >= v1``. So the rows after
    a cursor deep in a list are read straight from the index instead of being filtered out of a
    scan from its beginning. The values are converted by each key's field as a lookup would, so
    a malformed cursor value raises ValidationError when the condition is added to a queryset.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, keys: list, greater: bool, values: list):
        super().__init__()
        self.keys = [F(key) if isinstance(key, str) else key for key in keys]
        self.greater = greater
        self.values = list(values)

    def get_source_expressions(self):
        return self.keys

    def set_source_expressions(self, expressions):
        self.keys = list(expressions)

    def resolve_expression(self, *args, **kwargs):
        resolved = super().resolve_expression(*args, **kwargs)
        resolved.values = [
            value
            if isinstance(value, Expression)
            else Value(key.output_field.to_python(value), output_field=key.output_field)
            for key, value in zip(resolved.keys, self.values, strict=True)
        ]
        return resolved

    def as_sql(self, compiler, connection):
        sides, params = [], []
        for expressions in (self.keys, self.values):
            parts = []
            for expression in expressions:
                sql, expression_params = compiler.compile(expression)
                parts.append(sql)
                params.extend(expression_params)
            sides.append(f"({', '.join(parts)})")
        operator = ">" if self.greater else "<"
        # The leading key's own range first: SQLite seeks an expression index on a plain
        # comparison but not on a row comparison (PostgreSQL does both).
        leading_sql, leading_params = compiler.compile(self.keys[0])
        value_sql, value_params = compiler.compile(self.values[0])
        return (
            f"({leading_sql} {operator}= {value_sql} AND {sides[0]} {operator} {sides[1]})",
            [*leading_params, *value_params, *params],
        )


def after(keys: list[tuple[str, bool]], values: list) -> Q | RowComparison:
    """Rows strictly after ``values`` in the order ``keys`` (lexicographic, per-key direction).

    When every key sorts the same way (every documented ordering does) this is one row
    comparison, an index range. Mixed directions cannot be one; they fall back to the expanded
    OR form, which is correct but makes the database filter rather than seek.
    """
    directions = {descending for _, descending in keys}
    if len(directions) == 1:
        return RowComparison([name for name, _ in keys], not directions.pop(), values)
    condition = None
    for index, (name, descending) in enumerate(keys):
        step = Q(**{keys[j][0]: values[j] for j in range(index)})
        step &= Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        condition = step if condition is None else condition | step
    return condition


class CursorError(ValueError):
    """The cursor is not one this API issued (forged, truncated, or for another list)."""


def _refuse(token):
    raise CursorError(f"{token} is not a cursor value")


def parse_cursor(raw: str) -> tuple[list, bool, str, str]:
    """The (values, backwards, ordering, list) a cursor holds; CursorError for anything else.

    Only the shape ``encode_cursor`` writes is accepted: an object with a list ``v`` of strings,
    integers and nulls, ``b`` 0 or 1, and strings ``o`` (the ordering) and ``r`` (the list). Floats, ``NaN``/``Infinity``, nested
    containers and oversized input are refused before they reach a query.
    """
    if len(raw) > MAX_CURSOR_LENGTH:
        raise CursorError("too long")
    try:
        text = base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)).decode("utf-8")
        cursor = json.loads(text, parse_float=_refuse, parse_constant=_refuse)
    except (ValueError, UnicodeError, binascii.Error, RecursionError):
        raise CursorError("not base64 JSON") from None
    if not isinstance(cursor, dict) or set(cursor) != {"v", "b", "o", "r"}:
        raise CursorError("not a cursor object")
    values, backwards, ordering, resource = cursor["v"], cursor["b"], cursor["o"], cursor["r"]
    if not isinstance(values, list) or not isinstance(ordering, str) or not isinstance(resource, str):
        raise CursorError("wrong types")
    if type(backwards) is not int or backwards not in (0, 1):
        raise CursorError("wrong direction")
    if not all(value is None or type(value) in (str, int) for value in values):
        raise CursorError("a value is not a string, integer or null")
    return values, bool(backwards), ordering, resource


def key_fields(queryset, keys) -> list[models.Field]:
    """The model field (or annotation's output field) behind each sort key."""
    fields = []
    for name, _ in keys:
        annotation = queryset.query.annotations.get(name)
        fields.append(
            annotation.output_field if annotation is not None else queryset.model._meta.get_field(name)
        )
    return fields


def key_value(field: models.Field, value):
    """A cursor value checked against its sort key's type and range, ready for a query.

    Sort keys are never NULL (see project.api.filters), so neither is a cursor value.
    """
    if isinstance(field, models.DateTimeField):
        if not isinstance(value, str) or not ISO_DATETIME.fullmatch(value):
            raise CursorError("not a date-time")
        try:
            moment = datetime.datetime.fromisoformat(value)
            # Normalise to UTC here: the driver would overflow on e.g. year 1 at +14:00.
            return moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise CursorError("not a date-time") from None
    if isinstance(field, models.DateField):
        if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
            raise CursorError("not a date")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CursorError("not a date") from None
    if isinstance(field, models.IntegerField):
        if type(value) is not int or value not in INTEGER_RANGE:
            raise CursorError("not an integer in range")
        return value
    if isinstance(field, (models.CharField, models.TextField)):
        if not isinstance(value, str) or "\x00" in value:
            raise CursorError("not a string")
        if field.max_length is not None and len(value) > field.max_length:
            raise CursorError("too long")
        try:
            value.encode("utf-8")  # a lone surrogate (JSON "\ud800") cannot reach the database
        except UnicodeEncodeError:
            raise CursorError("not text") from None
        return value
    raise TypeError(f"no cursor type for sort key field {field!r}")


def _json_value(value):
    # Full precision: DjangoJSONEncoder cuts datetimes to milliseconds, which would skip rows.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


def page_body(next_link, previous_link, next_cursor, previous_cursor, results) -> dict:
    """A page as the API writes it: the links, the cursors they carry (for clients that pass a
    cursor as a parameter rather than parse a URL), and the rows."""
    return {
        "next": next_link,
        "previous": previous_link,
        "next_cursor": next_cursor,
        "previous_cursor": previous_cursor,
        "results": results,
    }


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        # Decimal digits only: int() would also take "+5", " 5", "٥" and "1_0".
        size = int(raw) if DIGITS.fullmatch(raw) and len(raw) <= 10 else 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be an integer from 1 to {MAX_PAGE_SIZE}; got {raw!r}."]}
            )
        return size

    def decode_cursor(self, request, keys, fields, resource: str):
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        forged = ValidationError(
            {self.cursor_query_param: ["Not a cursor this API issued; use the next/previous links."]}
        )
        try:
            values, backwards, ordering, issued_by = parse_cursor(raw)
        except CursorError:
            raise forged from None
        if issued_by != resource:
            raise ValidationError(
                {self.cursor_query_param: ["The cursor belongs to another list; start again without it."]}
            )
        if ordering != self.ordering_signature(keys):
            raise ValidationError(
                {self.cursor_query_param: ["The cursor belongs to another ordering; start again without it."]}
            )
        try:
            if len(values) != len(keys):
                raise CursorError("wrong number of values")
            return [key_value(field, value) for field, value in zip(fields, values, strict=True)], backwards
        except CursorError:
            raise forged from None

    @staticmethod
    def ordering_signature(keys) -> str:
        return ",".join(("-" if descending else "") + name for name, descending in keys)

    def encode_cursor(self, row, keys, backwards: bool) -> str:
        values = [row[name] if isinstance(row, dict) else getattr(row, name) for name, _ in keys]
        payload = {"v": values, "b": int(backwards), "o": self.ordering_signature(keys), "r": self.resource}
        encoded = json.dumps(payload, default=_json_value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(encoded).decode("ascii").rstrip("=")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        keys = order_keys(queryset)
        if not keys:
            raise TypeError(f"{view.__class__.__name__}: refusing to paginate an unordered queryset")
        # A cursor is bound to the list that issued it: another list's keys mean other rows.
        self.resource = getattr(view, "basename", None) or queryset.model._meta.label_lower
        cursor = self.decode_cursor(request, keys, key_fields(queryset, keys), self.resource)
        backwards = bool(cursor and cursor[1])
        if cursor:
            walk = [(name, descending != backwards) for name, descending in keys]
            try:
                queryset = queryset.filter(after(walk, cursor[0]))
            except (DjangoValidationError, ValueError, TypeError):
                raise ValidationError(
                    {self.cursor_query_param: ["Not a cursor this API issued; use the next/previous links."]}
                ) from None
            if backwards:
                queryset = queryset.reverse()
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
            has_next, has_previous = True, more
        else:
            has_next, has_previous = more, cursor is not None
        self.next_cursor = self.encode_cursor(rows[-1], keys, False) if rows and has_next else None
        self.previous_cursor = self.encode_cursor(rows[0], keys, True) if rows and has_previous else None
        return rows

    def link(self, cursor):
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        return self.link(self.next_cursor)

    def get_previous_link(self):
        return self.link(self.previous_cursor)

    def get_paginated_response(self, data):
        next_link, previous_link = self.get_next_link(), self.get_previous_link()
        links = [
            f'<{url}>; rel="{rel}"' for url, rel in [(next_link, "next"), (previous_link, "prev")] if url
        ]
        headers = {"Link": ", ".join(links)} if links else None
        return Response(
            page_body(next_link, previous_link, self.next_cursor, self.previous_cursor, data), headers=headers
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "next_cursor", "previous_cursor", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last page.",
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The previous page, or null on the first page.",
                },
                "next_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "The `cursor` of the next page (the one in `next`), or null on the last "
                    "page: pass it as `cursor` with the same filters and ordering.",
                },
                "previous_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "The `cursor` of the previous page (the one in `previous`), or null on "
                    "the first page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "An opaque position in the list: a page's `next_cursor` or "
                "`previous_cursor` (also in its `next` and `previous` links), passed with the same filters "
                "and ordering; never built by hand.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]
