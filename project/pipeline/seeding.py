"""Adding rows from natural-key fixtures without touching the rows a database already has.

The seed loader and the restore command share this: each row is matched by its natural key
(slug; document and offsets for a citation); an existing row, or one the history says a
curator deleted, is left alone; every added row gets its "created" history entry.
"""

from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError

from project.records import relations
from project.records.history import record_creation


def check_row(instance, number: int) -> None:
    """Validate a loaded row as the models validate a form's (choices, ranges, dates, a quote
    that is its document's text), before it is saved; a ValidationError naming the row."""
    related = [field.name for field in instance._meta.get_fields() if field.is_relation]
    try:
        instance.clean_fields(exclude=related)
        instance.clean()
    except ValidationError as error:
        key = getattr(instance, "slug", None) or "/".join(str(part) for part in instance.natural_key())
        problems = "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in getattr(error, "message_dict", {"": error.messages}).items()
        )
        raise ValidationError(
            f"row {number} ({instance._meta.label_lower} {key!r}) is invalid: {problems}"
        ) from error


def was_deleted(model, instance) -> bool:
    """Whether the history shows a curator deleted this record (matched by its slug)."""
    history = getattr(model, "history", None)
    if history is None or not hasattr(instance, "slug"):
        return False
    return history.filter(slug=instance.slug, history_type="-").exists()


def add_missing(paths: list[Path], reason: str, keep_deleted_out: bool = True) -> tuple[int, int]:
    """Add the fixtures' rows the database lacks; return (added, left alone). Call in a transaction.

    ``keep_deleted_out``: leave out rows the history says a curator deleted (seeding); a
    restore brings everything back.
    """
    added, kept = [], 0
    for path in paths:
        with path.open(encoding="utf-8") as stream:
            for number, item in enumerate(
                serializers.deserialize("json", stream, handle_forward_references=True), 1
            ):
                instance = item.object
                if instance.pk is not None or (keep_deleted_out and was_deleted(type(instance), instance)):
                    # Natural keys found the row (pk set): it is the curators' now.
                    kept += 1
                    continue
                if any(not field.null for field in item.deferred_fields if not field.many_to_many):
                    # It refers to a record that is gone (a curator deleted it): leave it out.
                    kept += 1
                    continue
                check_row(instance, number)
                instance.skip_history_when_saving = True
                item.save()
                del instance.skip_history_when_saving
                added.append(item)
    for item in added:
        if item.deferred_fields:
            item.save_deferred_fields()
    # Raw saves skip the trust boundary's per-row checks; the whole database is checked instead.
    violations = relations.violations()
    if violations:
        raise ValidationError(f"{violations[0]} ({len(violations)} such reference(s) in all, at least)")
    for item in added:
        # Raw saves record no history; each added row gets its "created" entry here.
        record_creation(item.object, reason)
    return len(added), kept
