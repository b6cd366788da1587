"""Load the seed fixtures (fixtures/*.json), adding only rows the database lacks."""

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from project.history import record_creation

# The one phrase every seeded history row carries, so a curator can tell seed rows apart.
SEED_REASON = "seed data"


class Command(BaseCommand):
    help = (
        "Add the seed fixtures' rows that the database does not have yet, in one transaction. "
        "Never updates or restores a row: a curator's edit survives every start, and a seeded "
        "record a curator deleted stays deleted."
    )

    def handle(self, *args, **options):
        paths = sorted((settings.BASE_DIR / "fixtures").glob("*.json"))
        if not paths:
            self.stdout.write("No seed fixtures under fixtures/ yet; nothing to load.")
            return
        try:
            with transaction.atomic():
                added, kept = self.load(paths)
        except (DatabaseError, serializers.base.DeserializationError) as error:
            raise CommandError(f"the seed fixtures cannot be loaded, nothing was written: {error}") from error
        self.stdout.write(
            f"Seed data: added {added} row(s), left {kept} existing or deleted row(s) untouched."
        )

    def load(self, paths) -> tuple[int, int]:
        added, kept = [], 0
        for path in paths:
            with path.open(encoding="utf-8") as stream:
                for item in serializers.deserialize("json", stream, handle_forward_references=True):
                    instance = item.object
                    model = type(instance)
                    if instance.pk is not None or was_deleted(model, instance):
                        # Natural keys found the row (pk set): it is the curators' now.
                        kept += 1
                        continue
                    if any(not field.null for field in item.deferred_fields if not field.many_to_many):
                        # It refers to a record that is gone (a curator deleted it): leave it out.
                        kept += 1
                        continue
                    instance.skip_history_when_saving = True
                    item.save()
                    del instance.skip_history_when_saving
                    added.append(item)
        for item in added:
            if item.deferred_fields:
                item.save_deferred_fields()
        for item in added:
            # Raw saves record no history; each added row gets its "created" entry here.
            record_creation(item.object, SEED_REASON)
        return len(added), kept


def was_deleted(model, instance) -> bool:
    """Whether the history shows a curator deleted this record (matched by its natural key)."""
    history = getattr(model, "history", None)
    if history is None or not hasattr(instance, "slug"):
        return False
    return history.filter(slug=instance.slug, history_type="-").exists()
