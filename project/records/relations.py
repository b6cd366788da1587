"""What refers to what among records, read from the models alone (no app is named here).

A *record* is a row of a :class:`~project.records.base.Record` model; a *row of a record* belongs
to one through a foreign key (a citation to its document, an alias to its actor). The trust
boundary (``review``), the ETags and the replica router ask these questions; none of them writes.
"""

import functools
from collections import defaultdict

from django.apps import apps
from django.db.models import prefetch_related_objects
from simple_history.models import HistoricalChanges

from .base import Record, ReviewState

PUBLISHED = ReviewState.PUBLISHED

# The relations through which a record cites documents (an actor's description is cited too).
CITED_BY = ("citations", "description_citations")


def label(record) -> str:
    return f"{record._meta.verbose_name} {record.slug!r}"


def is_record(model) -> bool:
    return isinstance(model, type) and issubclass(model, Record)


def is_history(model) -> bool:
    """A history table's row (django-simple-history), which copies its record's relations."""
    return issubclass(model, HistoricalChanges) or any(
        f.many_to_one and f.name == "history" and issubclass(f.related_model, HistoricalChanges)
        for f in model._meta.concrete_fields
    )


@functools.cache
def owner_field(model):
    """For a row that belongs to a record (a citation to its document, an alias to its actor):
    the foreign key to that record; None for records and other rows."""
    if is_record(model) or is_history(model):
        return None
    return next(
        (f for f in model._meta.concrete_fields if f.many_to_one and is_record(f.related_model)), None
    )


@functools.cache
def reference_fields(model) -> tuple:
    """The foreign keys and many-to-many fields of a record that point at records, or at rows
    belonging to one (citations: their documents)."""
    return tuple(
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.is_relation
        and not field.auto_created
        and (is_record(field.related_model) or owner_field(field.related_model) is not None)
    )


@functools.cache
def through_tables() -> dict:
    """Each auto-created many-to-many table of a record -> (record model, field)."""
    found = {}
    for model in apps.get_models():
        if is_record(model):
            for field in model._meta.many_to_many:
                if field in reference_fields(model):
                    found[field.remote_field.through] = (model, field)
    return found


def referred_record(row):
    """The record a referenced row stands for: itself, or the record it belongs to."""
    owner = owner_field(type(row))
    return row if owner is None else getattr(row, owner.name)


def state_path(model, prefix: str = "") -> str:
    owner = owner_field(model)
    return f"{prefix}{owner.name}__review_state" if owner is not None else f"{prefix}review_state"


def references(record) -> list[Record]:
    """The records this one refers to: foreign keys, many-to-many, and the documents it cites."""
    found = []
    for field in reference_fields(type(record)):
        if field.many_to_many:
            rows = getattr(record, field.name).all()
            owner = owner_field(field.related_model)
            if owner is not None and field.name not in getattr(record, "_prefetched_objects_cache", {}):
                rows = rows.select_related(owner.name)
            found.extend(dict.fromkeys(referred_record(row) for row in rows))
        else:
            target = getattr(record, field.name)
            if target is not None:
                found.append(referred_record(target))
    return found


def prefetch_references(records) -> None:
    """Load what :func:`references` reads for all ``records`` at once: a few queries per model
    instead of a few per record (publishing a thousand records was thousands of queries)."""
    by_model = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    for model, rows in by_model.items():
        lookups = []
        for field in reference_fields(model):
            owner = owner_field(field.related_model)
            lookups.append(field.name if owner is None else f"{field.name}__{owner.name}")
        prefetch_related_objects(rows, *lookups)


def referrers(record, state: str = PUBLISHED) -> list[Record]:
    """The records in ``state`` that refer to this one (the reverse of :func:`references`),
    directly or through a row of it (a fact citing a document refers to the document)."""
    found = []
    for model in apps.get_models():
        if not is_record(model):
            continue
        for field in reference_fields(model):
            if field.related_model is type(record):
                lookup = {field.name: record.pk}
            elif owner_field(field.related_model) is not None and (
                owner_field(field.related_model).related_model is type(record)
            ):
                lookup = {f"{field.name}__{owner_field(field.related_model).name}": record.pk}
            else:
                continue
            found.extend(model._base_manager.filter(**lookup, review_state=state).distinct().order_by("pk"))
    return list(dict.fromkeys(found))


@functools.cache
def owned_rows() -> frozenset:
    """Rows that belong to a record, are part of its public form and are referred to by no other
    record: aliases (shown with their actor or place). Citations are shown only through the facts
    citing them, whose writes are checked."""
    referred = {
        field.related_model
        for model in apps.get_models()
        if is_record(model)
        for field in reference_fields(model)
    }
    return frozenset(
        model
        for model in apps.get_models()
        if owner_field(model) is not None and model not in through_tables() and model not in referred
    )


def violations(using=None, limit: int = 20) -> list[str]:
    """Published records that refer to drafts, anywhere in the database (a few queries per
    relation): what a fixture load or a restore checks before it commits."""
    found = []
    for model in apps.get_models():
        if not is_record(model):
            continue
        for field in reference_fields(model):
            path = state_path(field.related_model, f"{field.name}__")
            rows = (
                model._base_manager.db_manager(using)
                .filter(review_state=PUBLISHED)
                .exclude(**{f"{field.name}__isnull": True})
                .exclude(**{path: PUBLISHED})
                .distinct()
                .order_by("pk")[:limit]
            )
            for row in rows:
                found.append(f"published {label(row)} refers to a draft through {field.name}")
    return found[:limit]


@functools.cache
def data_apps() -> frozenset[str]:
    """The labels of the apps that hold records: their rows are the public data (what the ETags
    follow and what the replica may answer)."""
    return frozenset(model._meta.app_label for model in apps.get_models() if is_record(model))
