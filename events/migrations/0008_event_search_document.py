"""One search document per event, so that `q` reads one column through one index.

An event's `q` matches its summary or the quote of any citation of it. Asked of the events and,
through a join, of their citations, that is two trigram searches and a join per request (3.7 s
for a term found nowhere at 1,000,000 events on PostgreSQL). The column ``search_document`` of
``events_event`` holds the summary and the citations' quotes, each quote after a U+001F (the
unit separator, which no term can match unless it holds one itself: the filter then asks the
parts one by one, ``events.filtersets``). One index finds terms in it: a GIN pg_trgm index on
``UPPER(search_document::text)`` (the expression Django's ``icontains`` compiles to) on
PostgreSQL, an FTS5 trigram table on SQLite. A separate table would cost a second row fetch
per event tested: a page of a term in 1% of events took 200 ms that way, 21 ms from a column.

The database keeps it current, whoever writes: triggers on the event (inserted, its summary
changed), on the events' citation links (added, removed) and on the citations (a quote
changed: ``replace_text``, the admin's inlines) recompute the documents they touch, so the
API's writes, the admin, ``restore``, ``load_release``, ``synth``'s bulk inserts and plain SQL
all keep it. On PostgreSQL the link and quote triggers are per statement (transition tables), so
a bulk insert of links recomputes each event once; SQLite's are per row. The column is not a
model field: Django never writes it (an insert leaves the default, which the triggers replace),
and no release, backup, history row or API representation carries it.

A later migration that makes SQLite rebuild events_event (Django copies the table's model
fields, drops it and renames the copy) loses the column and the triggers of that table, as
0005's; rebuilding events_event_citations or documents_citation loses theirs. Such a migration
must run ``create`` of this one again (``tests/api/test_search_document.py`` fails until then).
"""

from django.db import migrations

COLUMN = "search_document"
FTS = "event_search_fts"
INDEX = "event_search_trgm"
# Events filled per statement by this migration, by ranges of ids.
BATCH = 100_000
# The prefix of this migration's functions and triggers.
NAME = "event_search"


def document(vendor: str, event_id: str, summary: str) -> str:
    """SQL for the document of an event: its summary, then each cited quote after a U+001F."""
    if vendor == "postgresql":
        quotes = "string_agg(chr(31) || c.quote, '' ORDER BY c.id)"
    else:
        quotes = "group_concat(char(31) || c.quote, '')"
    return (
        f"{summary} || coalesce((SELECT {quotes} FROM events_event_citations ec "
        f"JOIN documents_citation c ON c.id = ec.citation_id WHERE ec.event_id = {event_id}), '')"
    )


def refresh(vendor: str, where: str) -> str:
    """Recompute the documents of the events ``where`` selects."""
    return (
        f"UPDATE events_event SET {COLUMN} = {document(vendor, 'events_event.id', 'events_event.summary')} "
        f"WHERE {where}"
    )


def postgresql() -> list[str]:
    sql = [
        f"ALTER TABLE events_event ADD COLUMN {COLUMN} text NOT NULL DEFAULT ''",
        # An inserted or renamed event's document, and a changed summary's, set on the row itself.
        f"""CREATE FUNCTION {NAME}_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.{COLUMN} := {document("postgresql", "NEW.id", "NEW.summary")}; RETURN NEW; END $$""",
        f"CREATE TRIGGER {NAME}_event_insert BEFORE INSERT ON events_event FOR EACH ROW "
        f"EXECUTE FUNCTION {NAME}_row()",
        f"CREATE TRIGGER {NAME}_summary_update BEFORE UPDATE OF id, summary ON events_event FOR EACH ROW "
        f"WHEN (OLD.summary IS DISTINCT FROM NEW.summary OR OLD.id <> NEW.id) EXECUTE FUNCTION {NAME}_row()",
    ]
    # (trigger, table, event, transition tables, the ids of the events to recompute)
    statement_triggers = [
        ("link_insert", "events_event_citations", "INSERT", "NEW TABLE AS new_rows", "SELECT event_id FROM new_rows"),
        ("link_delete", "events_event_citations", "DELETE", "OLD TABLE AS old_rows", "SELECT event_id FROM old_rows"),
        (
            "link_update",
            "events_event_citations",
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "SELECT event_id FROM old_rows UNION SELECT event_id FROM new_rows",
        ),
        (
            "quote_update",
            "documents_citation",
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "SELECT ec.event_id FROM new_rows n JOIN old_rows o ON o.id = n.id "
            "JOIN events_event_citations ec ON ec.citation_id = n.id WHERE n.quote IS DISTINCT FROM o.quote",
        ),
    ]
    for name, table, event, transition, ids in statement_triggers:
        sql += [
            f"""CREATE FUNCTION {NAME}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN {refresh("postgresql", f"events_event.id IN ({ids})")}; RETURN NULL; END $$""",
            f"CREATE TRIGGER {NAME}_{name} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {NAME}_{name}()",
        ]
    sql += [
        # TRUNCATE (the test suite's flush) fires no DELETE trigger; the events go with it or stay
        # without their quotes.
        f"""CREATE FUNCTION {NAME}_link_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE events_event SET {COLUMN} = summary WHERE {COLUMN} <> summary; RETURN NULL; END $$""",
        f"CREATE TRIGGER {NAME}_link_truncate AFTER TRUNCATE ON events_event_citations "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {NAME}_link_truncate()",
    ]
    return sql


def sqlite() -> tuple[list[str], list[str]]:
    """The column, then (after the fill) the trigram table and the triggers."""

    def update(where: str) -> str:
        return refresh("sqlite", where) + ";"

    remove = f"INSERT INTO {FTS}({FTS}, rowid, {COLUMN}) VALUES ('delete', old.id, old.{COLUMN});"
    add = f"INSERT INTO {FTS}(rowid, {COLUMN}) VALUES (new.id, new.{COLUMN});"
    column = [f"ALTER TABLE events_event ADD COLUMN {COLUMN} text NOT NULL DEFAULT ''"]
    index = [
        # The trigram table over the documents, kept as 0005's are (documents/migrations).
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMN}, content='events_event', content_rowid='id', "
        "tokenize='trigram case_sensitive 0')",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON events_event BEGIN {remove} END",
        f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF id, {COLUMN} ON events_event BEGIN {remove} {add} END",
        # SQLite's triggers cannot set the row being written: they update it after. An inserted
        # event's (empty) document goes into the trigram table first, in this same trigger, so
        # that the update's trigger finds the entry it replaces, whatever order triggers run in.
        f"CREATE TRIGGER {NAME}_event_insert AFTER INSERT ON events_event BEGIN {add} "
        f"{update('id = new.id')} END",
        f"CREATE TRIGGER {NAME}_summary_update AFTER UPDATE OF id, summary ON events_event "
        f"WHEN old.summary IS NOT new.summary OR old.id <> new.id BEGIN {update('id = new.id')} END",
        f"CREATE TRIGGER {NAME}_link_insert AFTER INSERT ON events_event_citations BEGIN "
        f"{update('id = new.event_id')} END",
        f"CREATE TRIGGER {NAME}_link_delete AFTER DELETE ON events_event_citations BEGIN "
        f"{update('id = old.event_id')} END",
        f"CREATE TRIGGER {NAME}_link_update AFTER UPDATE ON events_event_citations BEGIN "
        f"{update('id IN (old.event_id, new.event_id)')} END",
        f"CREATE TRIGGER {NAME}_quote_update AFTER UPDATE OF id, quote ON documents_citation "
        "WHEN old.quote IS NOT new.quote OR old.id <> new.id BEGIN "
        f"{update('id IN (SELECT event_id FROM events_event_citations WHERE citation_id IN (old.id, new.id))')} END",
    ]
    return column, index


def fill(schema_editor, vendor: str) -> None:
    """The events already written, a range of ids per statement."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM events_event")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, BATCH):
            cursor.execute(
                refresh(vendor, "events_event.id >= %s AND events_event.id < %s"), [start, start + BATCH]
            )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in postgresql():
            schema_editor.execute(sql, params=None)
        fill(schema_editor, vendor)
        # The index after the fill (one GIN build is much faster than a million inserts into it),
        # with a larger sample of the documents' statistics: with the default the planner takes a
        # term in 1% of the events for one in 0.01% and reads them all to sort them.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON events_event USING gin (upper({COLUMN}::text) gin_trgm_ops)"
        )
        schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS 1000")
        schema_editor.execute("ANALYZE events_event")
    elif vendor == "sqlite":
        column, index = sqlite()
        for sql in column:
            schema_editor.execute(sql, params=None)
        fill(schema_editor, vendor)
        for sql in index:
            schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        for name in ("row", "link_insert", "link_delete", "link_update", "quote_update", "link_truncate"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}_{name}() CASCADE")
        schema_editor.execute(f"ALTER TABLE events_event DROP COLUMN IF EXISTS {COLUMN}")
    elif vendor == "sqlite":
        triggers = ["event_insert", "summary_update", "link_insert", "link_delete", "link_update", "quote_update"]
        for name in triggers:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_{name}")
        for name in ("delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
        schema_editor.execute(f"ALTER TABLE events_event DROP COLUMN {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_related_topics_responds_to_at_large"),
        ("documents", "0010_licence_and_attribution"),
    ]

    operations = [migrations.RunPython(create, drop)]
