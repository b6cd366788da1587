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


def m2m_values(entry) -> dict[str, list[str]]:
    """A history entry's many-to-many values, as sorted lists of the related records' labels."""
    values = {}
    for field in getattr(entry, "_history_m2m_fields", []):
        rows = getattr(entry, field.name).all()
        target = field.remote_field.model
        ids = [getattr(row, field.m2m_reverse_field_name() + "_id") for row in rows]
        values[field.name] = sorted(label(obj) for obj in target._base_manager.filter(pk__in=ids))
    return values


def label(obj) -> str:
    slug = getattr(obj, "slug", None)
    if slug:
        return slug
    natural = obj.natural_key() if hasattr(obj, "natural_key") else (obj.pk,)
    return "[".join(str(part) for part in natural[:1]) + (
        f"[{natural[1]}:{natural[2]}]" if len(natural) == 3 else ""
    )


def changes(entry, previous) -> list[dict]:
    """The fields whose values differ between two consecutive history entries, old and new."""
    if previous is None:
        return []
    delta = entry.diff_against(previous, foreign_keys_are_objs=False)
    model = entry.instance_type
    return [
        {
            "field": change.field,
            "old": _plain(change.old, _related_key(model, change.field)),
            "new": _plain(change.new, _related_key(model, change.field)),
        }
        for change in sorted(delta.changes, key=lambda change: change.field)
    ]


def _related_key(model, name: str) -> str | None:
    """For a many-to-many field, the through row's key that holds the *related* record's id."""
    field = model._meta.get_field(name)
    return field.m2m_reverse_field_name() if field.many_to_many else None


def _plain(value, related_key: str | None = None):
    if isinstance(value, list):
        # Many-to-many: a list of through-row dicts; keep the related ids, sorted. (Not the first
        # id in the row: that is the record's own id, which only matched by chance on a fresh
        # SQLite database.)
        return (
            sorted(row.get(related_key, row.get(f"{related_key}_id")) for row in value)
            if value and isinstance(value[0], dict) and related_key
            else value
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
