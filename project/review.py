"""Review state: what it takes to publish a record, and to take one back to draft.

Two rules keep the public API whole:

- a fact (anything with ``citations``) is published only if it cites at least one source;
- a published record never refers to a draft. Publishing a record therefore publishes the
  drafts it refers to (its conflict, actors, places, the documents it cites); taking a
  record back to draft is refused while a published record refers to it.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects

from .records import Record, ReviewState

# The relations through which a record cites documents (an actor's description is cited too).
CITED_BY = ("citations", "description_citations")


def _label(record) -> str:
    return f"{record._meta.verbose_name} {record.slug!r}"


def _reference_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and issubclass(field.related_model, Record)
    ]


def prefetch_references(records) -> None:
    """Load what :func:`references` reads for all ``records`` at once: a few queries per model
    instead of a few per record (publishing a thousand records was thousands of queries)."""
    by_model = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    for model, rows in by_model.items():
        lookups = [field.name for field in _reference_fields(model)]
        lookups += [f"{name}__document" for name in CITED_BY if hasattr(model, name)]
        prefetch_related_objects(rows, *lookups)


def references(record) -> list[Record]:
    """The records this one refers to: foreign keys, many-to-many, and the documents it cites."""
    found = []
    for field in _reference_fields(type(record)):
        if field.many_to_many:
            found.extend(getattr(record, field.name).all())
        elif field.many_to_one or field.one_to_one:
            target = getattr(record, field.name)
            if target is not None:
                found.append(target)
    for name in CITED_BY:
        if hasattr(record, name):
            prefetched = name in getattr(record, "_prefetched_objects_cache", {})
            manager = getattr(record, name)
            citations = manager.all() if prefetched else manager.select_related("document")
            found.extend(dict.fromkeys(citation.document for citation in citations))
    return found


def referrers(record, state: str = ReviewState.PUBLISHED) -> list[Record]:
    """The records in ``state`` that refer to this one (the reverse of :func:`references`)."""
    targets = [record]
    if record._meta.label == "documents.Document":
        targets += list(record.citations.all())  # a fact citing a document refers to it
    found = []
    for target in targets:
        for relation in target._meta.related_objects:
            model = relation.related_model
            if issubclass(model, Record):
                found.extend(model.objects.filter(**{relation.field.name: target}, review_state=state))
    return list(dict.fromkeys(found))


def problems(record) -> list[str]:
    """Why ``record`` cannot be published, if anything stops it."""
    if hasattr(record, "citations") and not record.citations.exists():
        return [f"{_label(record)} cites no source; add a citation before publishing it."]
    return []


@transaction.atomic
def publish(records) -> list[Record]:
    """Publish ``records`` and the drafts they refer to; ValidationError naming every obstacle."""
    todo, seen = list(records), set()
    drafts = []
    while todo:  # breadth first, one wave of references loaded at once
        wave = []
        for record in todo:
            key = (type(record), record.pk)
            if key not in seen:
                seen.add(key)
                wave.append(record)
        prefetch_references(wave)
        todo = []
        for record in wave:
            if record.review_state != ReviewState.PUBLISHED:
                drafts.append(record)
            todo.extend(r for r in references(record) if r.review_state != ReviewState.PUBLISHED)
    obstacles = [message for record in drafts for message in problems(record)]
    if obstacles:
        raise ValidationError(obstacles)
    for record in drafts:
        record.review_state = ReviewState.PUBLISHED
        record.save()
    return drafts


@transaction.atomic
def unpublish(records) -> list[Record]:
    """Take published ``records`` back to draft; refused while a published record refers to one."""
    records = [record for record in records if record.review_state == ReviewState.PUBLISHED]
    keys = {(type(record), record.pk) for record in records}
    obstacles = []
    for record in records:
        blockers = [r for r in referrers(record) if (type(r), r.pk) not in keys]
        if blockers:
            names = ", ".join(_label(r) for r in blockers[:5]) + (" ..." if len(blockers) > 5 else "")
            obstacles.append(f"{_label(record)} is referred to by published {names}; take those back first.")
    if obstacles:
        raise ValidationError(obstacles)
    for record in records:
        record.review_state = ReviewState.DRAFT
        record.save()
    return records
