"""Reading and writing records' history (django-simple-history) the same way everywhere.

The admin, the API's ``/history/`` endpoints, ``ingest`` and the seed loader all go through
here, so "who changed what, when, from which value to which" has one meaning.
"""

import contextvars
from contextlib import contextmanager

from django.db import router
from django.db.models.signals import post_save
from simple_history.models import HistoricalRecords

# How each history entry type reads in the API.
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


_reason = contextvars.ContextVar("history_change_reason", default=None)


@contextmanager
def change_reason(reason: str):
    """Every history entry written inside the block says why, e.g. ``ingest of <file>``."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


class History(HistoricalRecords):
    """django-simple-history's records, taking the reason of the enclosing :func:`change_reason`."""

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or _reason.get()


def record_creation(instance, reason: str) -> None:
    """Write the "created" history entry that a raw save (a fixture load) does not write.

    The entry is written by the history library's own handler, many-to-many values included.
    """
    instance._change_reason = reason
    try:
        post_save.send(
            type(instance),
            instance=instance,
            created=True,
            update_fields=None,
            raw=False,
            using=router.db_for_write(type(instance)),
        )
    finally:
        del instance._change_reason


def changes(entry, previous) -> list[dict]:
    """The fields whose values differ between two consecutive history entries, old and new.

    A many-to-many field's values are the sorted ids of the related rows (citations, actors, ...).
    """
    if previous is None:
        return []
    delta = entry.diff_against(previous, foreign_keys_are_objs=False)
    related_column = {f.name: f.m2m_reverse_field_name() for f in getattr(entry, "_history_m2m_fields", [])}
    found = []
    for change in sorted(delta.changes, key=lambda change: change.field):
        column = related_column.get(change.field)
        if column:
            old, new = sorted(row[column] for row in change.old), sorted(row[column] for row in change.new)
        else:
            old, new = _plain(change.old), _plain(change.new)
        found.append({"field": change.field, "old": old, "new": new})
    return found


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
