"""SQLite: FTS5 trigram tables for `q`, the counterpart of 0004's pg_trgm indexes (docs/design/scale.md: Search).

An external-content FTS5 table with the ``trigram`` tokenizer (SQLite 3.34 or later) indexes
every three-character sequence of event summaries and citation quotes, case-folded; the search
filters ask it first which rows can hold a term of three characters or more and keep Django's
``icontains`` as the exact test (``project.api.filters.text_contains``). The tables hold no text
of their own: triggers on insert, update and delete keep them in step with their tables (bulk
inserts and the test flush's DELETE fire them too), and the rows already written are indexed
here. PostgreSQL and other databases skip this migration.

A later migration that makes SQLite rebuild events_event or documents_citation (Django copies
the table, drops it and renames the copy) drops these triggers with the old table: it must
create them again (``tests/api/test_search_index.py`` fails while they are missing).
"""

from django.db import migrations

# FTS table: (content table, column)
TABLES = {
    "citation_quote_fts": ("documents_citation", "quote"),
    "event_summary_fts": ("events_event", "summary"),
}


def statements(fts: str, table: str, column: str) -> list[str]:
    remove = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    add = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='id', "
        "tokenize='trigram case_sensitive 0')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {column} ON {table} BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    if tuple(int(part) for part in version.split(".")[:2]) < (3, 34):
        raise RuntimeError(f"SQLite {version} has no FTS5 trigram tokenizer: `q` needs SQLite 3.34 or later")
    for fts, (table, column) in TABLES.items():
        for sql in statements(fts, table, column):
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for fts in TABLES:
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_trigram_search"),
        ("events", "0004_alleged_in"),
    ]

    operations = [migrations.RunPython(create, drop)]
