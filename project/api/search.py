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

    The rows are those holding the term's rarest trigram (:func:`rarest_trigram`), not the
    phrase of all its trigrams: a phrase reads the row list of every trigram in it, and a
    common one ("eve" of "event 12") lists nearly every row. Any one trigram of the term finds a
    superset of the rows holding the term, which is all this needs (``LIKE`` is the exact test).
    The trigram is one FTS5 string (in double quotes, its own doubled): no query syntax applies.
    """
    table = TRIGRAM_TABLES.get((model._meta.db_table, field))
    alias = router.db_for_read(model)
    if not table or len(value) < TRIGRAM or connections[alias].vendor != "sqlite":
        return None
    trigram = rarest_trigram(alias, table, value)
    phrase = '"{}"'.format(trigram.replace('"', '""'))
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [phrase])


def rarest_trigram(alias: str, table: str, value: str) -> str:
    """The trigram of ``value`` that the fewest rows of ``table`` hold, as last counted.

    Counts come from an ``fts5vocab`` table over the trigram table and are remembered per
    process, a trigram's the first time a search holds it: counting reads the trigram's whole
    row list, which is what the search avoids. A count grown stale since then only makes a
    search slower than it could be, never wrong: every trigram of the term finds all its rows.
    The trigram returned is the term's own (FTS5 folds its case as it folded the rows'); counts
    are looked up by its lowercase form, the table's (a form the table lacks counts as 0).
    """
    trigrams = list(dict.fromkeys(value[i : i + TRIGRAM] for i in range(len(value) - TRIGRAM + 1)))
    keys = {trigram: trigram.lower() for trigram in trigrams}
    unknown = [key for key in dict.fromkeys(keys.values()) if (alias, table, key) not in _counted]
    if unknown:
        count_trigrams(alias, table, unknown)
    return min(trigrams, key=lambda trigram: _counted.get((alias, table, keys[trigram]), 0))


_counted: dict[tuple[str, str, str], int] = {}  # (database, trigram table, trigram) -> rows
MAX_COUNTED = 65536


def count_trigrams(alias: str, table: str, trigrams: list[str]) -> None:
    """Remember how many rows of ``table`` hold each of ``trigrams`` (0 for none).

    Read on the driver's own connection, not Django's cursor: it is a statistic, read once per
    trigram and process, and not one of a request's queries (the suite counts those, and a
    count that depended on which search ran first in the process would mean nothing). Its
    ``fts5vocab`` table lives in the connection's ``temp`` schema: nothing is written to the
    database file, and it goes when the connection closes.
    """
    database = connections[alias]
    database.ensure_connection()
    vocabulary = f"{table}_vocabulary"
    cursor = database.connection.cursor()
    try:
        cursor.execute(
            f'CREATE VIRTUAL TABLE IF NOT EXISTS temp."{vocabulary}" USING fts5vocab(main, "{table}", \'row\')'
        )
        cursor.execute(
            f'SELECT term, doc FROM temp."{vocabulary}" WHERE term IN ({", ".join("?" * len(trigrams))})',
            trigrams,
        )
        found = dict(cursor.fetchall())
    finally:
        cursor.close()
    if len(_counted) + len(trigrams) > MAX_COUNTED:
        _counted.clear()
    _counted.update({(alias, table, trigram): found.get(trigram, 0) for trigram in trigrams})


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
