"""One search document per event, so that `q` reads one column through one index.

An event's `q` matches its summary or the quote of any citation of it. Asked of the events and,
through a join, of their citations, that is two trigram searches and a join per request (812 ms
at 1,000,000 events on PostgreSQL). ``events_event_search`` holds, per event, its summary and
its citations' quotes joined by U+001F (the unit separator, which no term can match unless it
holds one itself: the filter then asks the parts one by one, ``events.filtersets``); one index
finds the terms in it: a GIN pg_trgm index on ``UPPER(document::text)`` (the expression Django's
``icontains`` compiles to) on PostgreSQL, an FTS5 trigram table on SQLite.

The database keeps it current, whoever writes: triggers on the event (its summary), on the
events' citation links (added, removed) and on the citations (a quote changed: ``replace_text``,
the admin's inlines) recompute the documents they touch, so the API's writes, the admin,
``restore``, ``load_release``, ``synth``'s bulk inserts and plain SQL all keep it. On PostgreSQL
the triggers are per statement (with transition tables), so a bulk insert recomputes each event
once; SQLite's are per row. The table is not a model: no release, backup, history or API
representation carries it, and Django never writes it.

A later migration that makes SQLite rebuild events_event, events_event_citations or
documents_citation drops their triggers with the old table and must create them again
(``tests/api/test_search_document.py`` fails while they are missing).
"""

from django.db import migrations

TABLE = "events_event_search"
FTS = "event_search_fts"
INDEX = "event_search_trgm"
# Events filled per statement by this migration (PostgreSQL), by ranges of ids.
BATCH = 100_000


def document(vendor: str, event: str) -> str:
    """SQL for the document of the event row aliased ``event``: its summary, then each quote
    after a U+001F."""
    separator, concat = ("chr(31)", "string_agg({}, '' ORDER BY c.id)") if vendor == "postgresql" else (
        "char(31)",
        "group_concat({}, '')",
    )
    quotes = concat.format(f"{separator} || c.quote")
    return (
        f"{event}.summary || coalesce((SELECT {quotes} FROM events_event_citations ec "
        f"JOIN documents_citation c ON c.id = ec.citation_id WHERE ec.event_id = {event}.id), '')"
    )


def upsert(vendor: str, where: str) -> str:
    """Write the documents of the events ``where`` selects (``e`` is the event)."""
    return (
        f"INSERT INTO {TABLE} (event_id, document) SELECT e.id, {document(vendor, 'e')} "
        f"FROM events_event e WHERE {where} "
        "ON CONFLICT (event_id) DO UPDATE SET document = excluded.document"
    )


def postgresql() -> list[str]:
    refresh = f"""
        CREATE FUNCTION {TABLE}_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
            DELETE FROM {TABLE} s WHERE s.event_id = ANY(ids)
                AND NOT EXISTS (SELECT 1 FROM events_event e WHERE e.id = s.event_id);
            {upsert("postgresql", "e.id = ANY(ids)")}
                WHERE {TABLE}.document IS DISTINCT FROM excluded.document;
        $$"""
    # (trigger, table, event, transition tables, the ids of the events to recompute)
    statement_triggers = [
        ("event_insert", "events_event", "INSERT", "NEW TABLE AS new_rows", "SELECT id FROM new_rows"),
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
    sql = [
        f"CREATE TABLE {TABLE} (event_id bigint PRIMARY KEY, document text NOT NULL)",
        refresh,
    ]
    for name, table, event, transition, ids in statement_triggers:
        sql += [
            f"""CREATE FUNCTION {TABLE}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM {TABLE}_refresh(ARRAY(SELECT DISTINCT id FROM ({ids}) AS touched(id)));
                RETURN NULL; END $$""",
            f"CREATE TRIGGER {TABLE}_{name} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_{name}()",
        ]
    sql += [
        # A summary changes one row at a time (a save): a row trigger, which costs nothing when
        # an update leaves the summary alone (publishing a thousand events, say).
        f"""CREATE FUNCTION {TABLE}_summary_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM {TABLE}_refresh(ARRAY[OLD.id, NEW.id]); RETURN NULL; END $$""",
        f"CREATE TRIGGER {TABLE}_summary_update AFTER UPDATE OF id, summary ON events_event FOR EACH ROW "
        f"WHEN (OLD.summary IS DISTINCT FROM NEW.summary OR OLD.id <> NEW.id) "
        f"EXECUTE FUNCTION {TABLE}_summary_update()",
        f"""CREATE FUNCTION {TABLE}_event_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN DELETE FROM {TABLE} WHERE event_id IN (SELECT id FROM old_rows); RETURN NULL; END $$""",
        f"CREATE TRIGGER {TABLE}_event_delete AFTER DELETE ON events_event REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_event_delete()",
        # TRUNCATE (the test suite's flush) fires no row or statement triggers of DELETE.
        f"""CREATE FUNCTION {TABLE}_event_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN TRUNCATE {TABLE}; RETURN NULL; END $$""",
        f"CREATE TRIGGER {TABLE}_event_truncate AFTER TRUNCATE ON events_event "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_event_truncate()",
        f"""CREATE FUNCTION {TABLE}_link_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM {TABLE}_refresh(ARRAY(SELECT id FROM events_event)); RETURN NULL; END $$""",
        f"CREATE TRIGGER {TABLE}_link_truncate AFTER TRUNCATE ON events_event_citations "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_link_truncate()",
    ]
    return sql


def fill_postgresql(schema_editor) -> None:
    """The events already written, a range of ids per statement; the index after them (one GIN
    build is much faster than a million inserts into it)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM events_event")
        low, high = cursor.fetchone()
        if low is not None:
            for start in range(low, high + 1, BATCH):
                cursor.execute(upsert("postgresql", "e.id >= %s AND e.id < %s"), [start, start + BATCH])
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (upper(document::text) gin_trgm_ops)")
        cursor.execute(f"ANALYZE {TABLE}")


def sqlite() -> list[str]:
    def refresh(where: str) -> str:
        return upsert("sqlite", where) + ";"

    remove = f"INSERT INTO {FTS}({FTS}, rowid, document) VALUES ('delete', old.event_id, old.document);"
    add = f"INSERT INTO {FTS}(rowid, document) VALUES (new.event_id, new.document);"
    return [
        f"CREATE TABLE {TABLE} (event_id integer PRIMARY KEY, document text NOT NULL)",
        f"CREATE TRIGGER {TABLE}_event_insert AFTER INSERT ON events_event BEGIN {refresh('e.id = new.id')} END",
        f"CREATE TRIGGER {TABLE}_summary_update AFTER UPDATE OF id, summary ON events_event "
        "WHEN old.summary IS NOT new.summary OR old.id <> new.id BEGIN "
        f"DELETE FROM {TABLE} WHERE event_id = old.id; {refresh('e.id = new.id')} END",
        f"CREATE TRIGGER {TABLE}_event_delete AFTER DELETE ON events_event BEGIN "
        f"DELETE FROM {TABLE} WHERE event_id = old.id; END",
        f"CREATE TRIGGER {TABLE}_link_insert AFTER INSERT ON events_event_citations BEGIN "
        f"{refresh('e.id = new.event_id')} END",
        f"CREATE TRIGGER {TABLE}_link_delete AFTER DELETE ON events_event_citations BEGIN "
        f"{refresh('e.id = old.event_id')} END",
        f"CREATE TRIGGER {TABLE}_link_update AFTER UPDATE ON events_event_citations BEGIN "
        f"{refresh('e.id IN (old.event_id, new.event_id)')} END",
        f"CREATE TRIGGER {TABLE}_quote_update AFTER UPDATE OF id, quote ON documents_citation "
        "WHEN old.quote IS NOT new.quote OR old.id <> new.id BEGIN "
        f"{refresh('e.id IN (SELECT event_id FROM events_event_citations WHERE citation_id IN (old.id, new.id))')} END",
        # The trigram table over the documents, kept as 0005's are (documents/migrations).
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(document, content='{TABLE}', content_rowid='event_id', "
        "tokenize='trigram case_sensitive 0')",
        f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN {add} END",
        f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN {remove} END",
        f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN {remove} {add} END",
        # The events already written (the trigger above indexes them as they go in).
        refresh("true").rstrip(";"),
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in postgresql():
            schema_editor.execute(sql, params=None)
        fill_postgresql(schema_editor)
    elif vendor == "sqlite":
        for sql in sqlite():
            schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_refresh(bigint[]) CASCADE")
        for name in (
            "event_insert",
            "link_insert",
            "link_delete",
            "link_update",
            "quote_update",
            "summary_update",
            "event_delete",
            "event_truncate",
            "link_truncate",
        ):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{name}() CASCADE")
    elif vendor == "sqlite":
        for name in (
            "event_insert",
            "summary_update",
            "event_delete",
            "link_insert",
            "link_delete",
            "link_update",
            "quote_update",
        ):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_related_topics_responds_to_at_large"),
        ("documents", "0010_licence_and_attribution"),
    ]

    operations = [migrations.RunPython(create, drop)]
