"""PostgreSQL: trigram indexes for `q`, a case-insensitive substring search (docs/api/filters.md).

Django compiles ``icontains`` to ``UPPER(column::text) LIKE UPPER(pattern)``; a GIN index of
pg_trgm trigrams on exactly that expression lets PostgreSQL find the rows holding a substring
without reading every event summary and every citation quote. It lives in this app because
citations are the table that matters most; the events table's index is here too, so that the
search indexes are one migration. SQLite has no trigram index of this kind; there `q` scans.
"""

from django.db import migrations

INDEXES = {
    "citation_quote_trgm": ("documents_citation", "quote"),
    "event_summary_trgm": ("events_event", "summary"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_date_order_indexes"),
        ("events", "0003_date_order_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
