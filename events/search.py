"""Each event's search document: its summary and its citations' quotes in one column of the
events table, which `q` reads through one index (events/migrations/0008_event_search_document.py
adds the column, its triggers and its index; docs/design/scale.md: Search)."""

from django.db import models

# The column. It is not a model field: the database writes it (triggers), nothing but `q` reads
# it, and so no release, backup, history or API representation carries it.
COLUMN = "search_document"
# SQLite's FTS5 trigram table over it.
FTS_TABLE = "event_search_fts"
# Between the parts of a document (U+001F, the unit separator): a term without it matches a
# document only inside one part. A term with it is searched part by part (events.filtersets).
SEPARATOR = "\x1f"


def document_field(model) -> models.TextField:
    """A field object for the column, to compare it as Django compares a field (``Col``)."""
    field = models.TextField()
    field.set_attributes_from_name(COLUMN)
    field.model = model
    return field
