"""CSV for every list: one page per response, one row per record, nested values flattened.

A brief object becomes its slug; a list of brief objects their slugs joined by ``;``;
citations ``document-slug[start:end]`` joined by ``;``; other nested objects spread into
``parent.child`` columns. The next page is in the ``Link`` header, as for JSON. A cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a
spreadsheet does not run it as a formula (OWASP's advice against CSV injection).
"""

import csv
import io

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


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records = data.get("results", []) if isinstance(data, dict) else data or []
        rows = [flatten(record) for record in records]
        columns: list[str] = []
        for row in rows:
            columns.extend(name for name in row if name not in columns)
        view = (renderer_context or {}).get("view")
        if not rows and view is not None and hasattr(view, "get_serializer"):
            columns = list(view.get_serializer().fields)  # an empty page still names its columns
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode(self.charset)
