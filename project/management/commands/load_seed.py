"""Load the seed fixtures (fixtures/*.json), adding only rows the database lacks."""

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from project.pipeline.seeding import add_missing

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
                added, kept = add_missing(paths, SEED_REASON)
        except (DatabaseError, ValidationError, serializers.base.DeserializationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(
                f"the seed fixtures cannot be loaded, nothing was written: {message}"
            ) from error
        self.stdout.write(
            f"Seed data: added {added} row(s), left {kept} existing or deleted row(s) untouched."
        )
