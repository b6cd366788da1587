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

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, Expression, F, Q, Value
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


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


def _json_value(value):
    # Full precision: DjangoJSONEncoder cuts datetimes to milliseconds, which would skip rows.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be an integer from 1 to {MAX_PAGE_SIZE}; got {raw!r}."]}
            )
        return size

    def decode_cursor(self, request, keys):
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            cursor = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
            values, backwards, ordering = cursor["v"], bool(cursor["b"]), cursor["o"]
            if not isinstance(values, list) or len(values) != len(keys):
                raise ValueError
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
            raise ValidationError(
                {self.cursor_query_param: ["Not a cursor this API issued; use the next/previous links."]}
            ) from None
        if ordering != self.ordering_signature(keys):
            raise ValidationError(
                {self.cursor_query_param: ["The cursor belongs to another ordering; start again without it."]}
            )
        return values, backwards

    @staticmethod
    def ordering_signature(keys) -> str:
        return ",".join(("-" if descending else "") + name for name, descending in keys)

    def encode_cursor(self, row, keys, backwards: bool) -> str:
        values = [getattr(row, name) for name, _ in keys]
        payload = {"v": values, "b": int(backwards), "o": self.ordering_signature(keys)}
        encoded = json.dumps(payload, default=_json_value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(encoded).decode("ascii").rstrip("=")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        keys = order_keys(queryset)
        if not keys:
            raise TypeError(f"{view.__class__.__name__}: refusing to paginate an unordered queryset")
        cursor = self.decode_cursor(request, keys)
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
        return Response({"next": next_link, "previous": previous_link, "results": data}, headers=headers)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
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
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "An opaque position in the list, as found in the `next` and `previous` "
                "links; follow those links rather than building cursors.",
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
