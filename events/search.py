"""Each event's search document: its summary and its citations' quotes in one column, which `q`
reads through one index (events/migrations/0008_event_search_document.py builds the table, its
triggers and its index; docs/design/scale.md: Search)."""

# The table (not a model: the database keeps it, and nothing else reads or writes it), its key
# and its text.
TABLE = "events_event_search"
KEY = "event_id"
COLUMN = "document"
# SQLite's FTS5 trigram table over the documents.
FTS_TABLE = "event_search_fts"
# Between the parts of a document (U+001F, the unit separator): a term without it matches a
# document only inside one part. A term with it is searched part by part (events.filtersets).
SEPARATOR = "\x1f"
