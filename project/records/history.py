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


# Within one write (a request, an ingest): the history entry written for each record so far.
_written = contextvars.ContextVar("history_written", default=None)


@contextmanager
def one_entry_per_write():
    """Every record saved inside the block gets one history entry, whatever number of saves and
    relation changes the write takes (a save, then its citations and actors, then publishing):
    the first save writes the entry, and later ones bring it up to date. So one version is one
    entry, and its values are the record's as the write left it."""
    if _written.get() is not None:
        yield
        return
    token = _written.set({})
    try:
        yield
    finally:
        _written.reset(token)


class History(HistoricalRecords):
    """django-simple-history's records, taking the reason of the enclosing :func:`change_reason`,
    one entry per record and write (:func:`one_entry_per_write`)."""

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or _reason.get()

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        written = _written.get()
        if written is None and not reverse and action.startswith("post_"):
            # A relation changed outside a write (code that saved the record, then adds to it):
            # still one entry per version, the latest brought up to date.
            manager = getattr(instance, self.manager_name)
            latest = manager.order_by("-history_id").first()
            if latest is not None and getattr(latest, "version", None) == getattr(instance, "version", None):
                token = _written.set({(instance._meta.concrete_model, instance.pk): latest})
                try:
                    return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
                finally:
                    _written.reset(token)
        return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)

    def create_historical_record(self, instance, history_type, using=None):
        written = _written.get()
        key = (instance._meta.concrete_model, instance.pk)
        entry = None if written is None or history_type == "-" else written.get(key)
        if entry is None:
            super().create_historical_record(instance, history_type, using=using)
            if written is not None and history_type != "-":
                manager = getattr(instance, self.manager_name)
                written[key] = manager.order_by("-history_id").first()
            return
        # The same write saved the record again: the entry takes the record's values now.
        for field in self.fields_included(instance):
            setattr(entry, field.attname, getattr(instance, field.attname))
        reason = self.get_change_reason_for_object(instance, history_type, using)
        if reason:
            entry.history_change_reason = reason
        entry.save()
        for field in entry._history_m2m_fields:
            self.m2m_models[field].objects.filter(history=entry).delete()
        self.create_historical_record_m2ms(entry, instance)


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
