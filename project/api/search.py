"""Substring search (`q`): ``icontains``, narrowed on SQLite by FTS5 trigram tables that the
apps register (``register_trigram_table``) for the columns they index."""

from django.db import connections, router
from django.db.models import ExpressionWrapper, F, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In

# Longest `q`: a substring search compiles to LIKE patterns, and a very long pattern of
# wildcards ('_' is one) is refused by SQLite ("LIKE or GLOB pattern too complex") and slow elsewhere.
MAX_SEARCH_LENGTH = 200
# SQLite's FTS5 trigram tables, by the table and column they index; they find terms of at least
# three characters. The app whose migration builds a table registers it when it loads.
TRIGRAM_TABLES: dict[tuple[str, str], str] = {}
TRIGRAM = 3


def register_trigram_table(db_table: str, column: str, fts_table: str) -> None:
    """Searches of ``db_table.column`` may narrow their rows with SQLite's ``fts_table``."""
    TRIGRAM_TABLES[(db_table, column)] = fts_table


def trigram_rows(model, field: str, value: str) -> RawSQL | None:
    """The ids of ``model`` rows whose ``field`` may contain ``value``, from SQLite's trigram
    table for it; None where there is none (another database, another column, a term shorter
    than a trigram). A superset: the table folds all of Unicode, SQLite's ``LIKE`` ASCII only.

    The term is one FTS5 string (in double quotes, its own doubled), a phrase of its trigrams:
    no FTS5 query syntax applies.
    """
    table = TRIGRAM_TABLES.get((model._meta.db_table, field))
    if not table or len(value) < TRIGRAM or connections[router.db_for_read(model)].vendor != "sqlite":
        return None
    phrase = '"{}"'.format(value.replace('"', '""'))
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [phrase])


def unindexed_pk() -> ExpressionWrapper:
    """The primary key as ``pk + 0``, which SQLite does not look up by its index.

    ``pk IN (the trigram table's rows)`` lets SQLite read each matching row by id and then sort
    them all for the page; with a common term that is every row. Written ``pk + 0``, the list
    keeps reading its own index in order and stops at a page, testing each row against the
    id sets (built once, as temporary indexes).
    """
    return ExpressionWrapper(F("pk") + 0, output_field=IntegerField())


def text_contains(model, field: str, value: str, *, seek: bool = True) -> Q:
    """``field__icontains=value``, narrowed to the trigram table's rows where there is one.

    ``icontains`` stays the test (on SQLite ``LIKE`` with ``%`` and ``_`` escaped, folding ASCII
    letters only), so the answer is the same with the table or without it. ``seek=False`` for
    the list's own rows (see ``unindexed_pk``); a subquery seeks the matching rows by id.
    """
    condition = Q(**{f"{field}__icontains": value})
    rows = trigram_rows(model, field, value)
    if rows is None:
        return condition
    return Q(pk__in=rows) & condition if seek else Q(In(unindexed_pk(), rows)) & condition
